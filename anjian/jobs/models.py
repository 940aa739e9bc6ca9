import uuid

from django.db import models


class Job(models.Model):
    """A piece of long work run by a background worker (django-tasks, database backend), with its progress,
    its failure in plain words and its result file (a name in ``default_storage``)."""

    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "运行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"
        CANCELLED = "cancelled", "已取消"

    public_id = models.UUIDField("任务编号", default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField("类型", max_length=64)
    title = models.CharField("标题", max_length=200)
    params = models.JSONField("参数", default=dict, blank=True)
    owner = models.ForeignKey("accounts.User", verbose_name="提交人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="jobs")
    agency = models.ForeignKey("regions.Agency", verbose_name="机构", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.QUEUED)
    progress_done = models.BigIntegerField("已完成", default=0)
    progress_total = models.BigIntegerField("总量", default=0)
    progress_message = models.CharField("进度说明", max_length=200, blank=True)
    error = models.CharField("失败原因", max_length=500, blank=True)
    result_message = models.CharField("结果说明", max_length=500, blank=True)
    result_name = models.CharField("结果文件（存储名）", max_length=255, blank=True)
    result_filename = models.CharField("结果文件名", max_length=200, blank=True)
    result_content_type = models.CharField("结果文件类型", max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField("运行次数", default=0)
    worker = models.CharField("工作进程", max_length=64, blank=True)
    task_result_id = models.CharField("django-tasks 结果编号", max_length=64, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "后台任务"
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_idx"),
                   models.Index(fields=["agency", "-created_at"], name="job_agency_idx"),
                   models.Index(fields=["state"], name="job_state_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED, self.State.CANCELLED)

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if self.progress_total <= 0:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)


class WorkerBeat(models.Model):
    """One row per worker process: when it last said it is alive (every ~10 s)."""

    name = models.CharField("工作进程", max_length=64, unique=True)
    host = models.CharField("主机", max_length=255)
    pid = models.PositiveIntegerField("进程号")
    started_at = models.DateTimeField("启动时间")
    last_seen = models.DateTimeField("最近心跳", db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "工作进程心跳"

    def __str__(self) -> str:
        return self.name


class DailyRun(models.Model):
    """A scheduled job submitted for one day: the unique (name, day) pair lets exactly one worker submit it."""

    name = models.CharField("计划", max_length=64)
    day = models.DateField("日期")
    job = models.ForeignKey(Job, verbose_name="任务", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "每日计划"
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="dailyrun_once_per_day")]

    def __str__(self) -> str:
        return f"{self.name} {self.day}"
