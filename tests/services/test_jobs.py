"""Background jobs (ADR 0033): submit, progress, scope, failure in plain words, all-or-nothing bodies, re-run after
a worker stopped beating, the daily schedule submitted once however many workers tick."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from anjian.common.errors import NotFound, ServiceConflict, ServiceInvalid
from anjian.domain.permissions import Role
from anjian.jobs.management.commands.worker import schedule_tick
from anjian.jobs.models import DailyRun, Job, WorkerBeat
from anjian.jobs.registry import JobOutcome, register
from anjian.jobs.selectors import job_get_for, jobs_for, latest_worker_beat
from anjian.jobs.services import (
    INTERNAL_ERROR,
    TOO_MANY_INTERRUPTIONS,
    job_cancel,
    job_submit,
    jobs_recover_stale,
    worker_beat,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@register("test.count", label="测试：计数")
def count_body(job, params, progress):
    total = params["n"]
    for i in range(1, total + 1):
        WorkerBeat.objects.create(name=f"{params['prefix']}{i}", host="h", pid=1, started_at=timezone.now(),
                                  last_seen=timezone.now())
        progress(i, total, f"第 {i} 行")
        if params.get("fail_at") == i:
            raise ServiceInvalid(f"第 {i} 行：统一社会信用代码格式不正确")
        if params.get("crash_at") == i:
            raise RuntimeError("a bug with a traceback")
    return JobOutcome(message=f"已写入 {total} 行", filename="结果.csv", content="甲,乙\n".encode(),
                      content_type="text/csv")


def test_submit_runs_the_body_and_keeps_progress_and_the_result_file(county_officer):
    job = job_submit(actor=county_officer, kind="test.count", params={"n": 3, "prefix": "a"}, title="计数三行")
    assert job.state == Job.State.DONE and job.get_state_display() == "已完成"
    assert (job.progress_done, job.progress_total, job.percent) == (3, 3, 100)
    assert job.result_message == "已写入 3 行" and job.attempts == 1 and job.error == ""
    assert job.result_filename == "结果.csv" and job.result_content_type == "text/csv"
    with default_storage.open(job.result_name) as f:
        assert f.read() == "甲,乙\n".encode()
    assert WorkerBeat.objects.filter(name__startswith="a").count() == 3
    assert job.owner == county_officer and job.agency.region_id == "411726"
    assert job.task_result_id and job.started_at and job.finished_at


def test_a_refusal_fails_the_job_in_its_words_and_writes_nothing(county_officer):
    job = job_submit(actor=county_officer, kind="test.count", params={"n": 5, "prefix": "b", "fail_at": 3},
                     title="第三行出错")
    assert job.state == Job.State.FAILED and job.get_state_display() == "失败"
    assert job.error == "第 3 行：统一社会信用代码格式不正确；未写入任何数据"
    assert not WorkerBeat.objects.filter(name__startswith="b").exists()  # all or nothing
    assert job.result_name == ""


def test_an_unexpected_error_reads_as_plain_words_and_its_traceback_goes_to_the_log(county_officer, caplog):
    job = job_submit(actor=county_officer, kind="test.count", params={"n": 2, "prefix": "c", "crash_at": 1},
                     title="出错")
    assert job.state == Job.State.FAILED
    assert job.error == INTERNAL_ERROR + "；未写入任何数据"
    assert "Traceback" not in job.error and "RuntimeError" not in job.error
    assert "a bug with a traceback" in caplog.text
    assert not WorkerBeat.objects.filter(name__startswith="c").exists()


def test_unknown_kind_and_bad_title_are_refused(county_officer):
    with pytest.raises(ServiceInvalid):
        job_submit(actor=county_officer, kind="no.such", params={}, title="x")
    with pytest.raises(ServiceInvalid):
        job_submit(actor=county_officer, kind="test.count", params={"n": 1, "prefix": "d"}, title="")


def test_scope_own_jobs_the_agency_admin_sees_the_agency_others_read_it_as_missing(
        county_officer, other_county_officer, make_user):
    job = job_submit(actor=county_officer, kind="test.count", params={"n": 1, "prefix": "e"}, title="我的任务")
    assert job_get_for(county_officer, job.public_id) == job
    with pytest.raises(NotFound) as missing:
        job_get_for(other_county_officer, job.public_id)
    with pytest.raises(NotFound) as never:
        job_get_for(other_county_officer, "00000000-0000-0000-0000-000000000000")
    assert str(missing.value) == str(never.value)  # out of scope reads exactly like missing
    assert list(jobs_for(other_county_officer)) == []
    colleague = make_user("411726", Role.OFFICER)
    assert list(jobs_for(colleague)) == []
    admin = make_user("411726", Role.SYSTEM_ADMIN)
    assert job_get_for(admin, job.public_id) == job
    other_admin = make_user("411702", Role.SYSTEM_ADMIN)
    with pytest.raises(NotFound):
        job_get_for(other_admin, job.public_id)


def test_a_queued_job_can_be_cancelled_and_is_then_never_run(county_officer, settings):
    settings.TASKS = DB_BACKEND
    job = job_submit(actor=county_officer, kind="test.count", params={"n": 1, "prefix": "f"}, title="排队")
    assert job.state == Job.State.QUEUED and job.get_state_display() == "排队中"
    job = job_cancel(actor=county_officer, job=job)
    assert job.get_state_display() == "已取消"
    with pytest.raises(ServiceConflict):
        job_cancel(actor=county_officer, job=job)
    _run_queue()
    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED and not WorkerBeat.objects.filter(name__startswith="f").exists()


def _run_queue():
    """The django-tasks database worker loop, in this process, until the queue is empty."""
    from unittest import mock

    from django_tasks_db.management.commands.db_worker import Worker

    # the loop closes "old" connections between tasks: that would close the test's transaction
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
               max_tasks=None, worker_id="test-worker", excluded_queue_names=[]).run()


def _as_running_on_dead_worker(job, *, attempts=1):
    long_ago = timezone.now() - timedelta(minutes=5)
    WorkerBeat.objects.create(name="dead", host="h", pid=9, started_at=long_ago, last_seen=long_ago)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, worker="dead", started_at=long_ago,
                                         attempts=attempts)


def test_a_job_whose_worker_stopped_beating_is_queued_again_and_run_once(county_officer, settings):
    settings.TASKS = DB_BACKEND
    job = job_submit(actor=county_officer, kind="test.count", params={"n": 4, "prefix": "g"}, title="重跑")
    _as_running_on_dead_worker(job)
    worker_beat(name="alive", host="h", pid=1, started_at=timezone.now())
    assert jobs_recover_stale() == {"requeued": 1, "failed": 0}
    job.refresh_from_db()
    assert job.state == Job.State.QUEUED
    _run_queue()
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.attempts == 2
    assert WorkerBeat.objects.filter(name__startswith="g").count() == 4
    assert jobs_recover_stale() == {"requeued": 0, "failed": 0}


def test_a_job_of_a_live_worker_or_just_started_is_left_alone(county_officer, settings):
    settings.TASKS = DB_BACKEND
    job = job_submit(actor=county_officer, kind="test.count", params={"n": 1, "prefix": "h"}, title="活着")
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, worker="busy", attempts=1,
                                         started_at=timezone.now() - timedelta(minutes=5))
    worker_beat(name="busy", host="h", pid=2, started_at=timezone.now())
    assert jobs_recover_stale() == {"requeued": 0, "failed": 0}
    Job.objects.filter(pk=job.pk).update(worker="never-beat", started_at=timezone.now())
    assert jobs_recover_stale() == {"requeued": 0, "failed": 0}


def test_too_many_interruptions_fail_the_job_in_plain_words(county_officer, settings):
    settings.TASKS = DB_BACKEND
    settings.ANJIAN_JOB_MAX_ATTEMPTS = 3
    job = job_submit(actor=county_officer, kind="test.count", params={"n": 1, "prefix": "i"}, title="总中断")
    _as_running_on_dead_worker(job, attempts=3)
    assert jobs_recover_stale() == {"requeued": 0, "failed": 1}
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.error == TOO_MANY_INTERRUPTIONS == "工作进程中断次数过多"


def test_latest_worker_beat():
    assert latest_worker_beat() is None
    t1 = timezone.now() - timedelta(seconds=30)
    worker_beat(name="w1", host="h", pid=1, started_at=t1, now=t1)
    worker_beat(name="w2", host="h", pid=2, started_at=t1, now=t1 + timedelta(seconds=20))
    assert latest_worker_beat() == t1 + timedelta(seconds=20)


def test_daily_remind_is_submitted_once_per_day_however_many_workers_tick(settings):
    settings.TASKS = DB_BACKEND
    settings.ANJIAN_REMIND_AT = "06:00"
    early = datetime(2026, 3, 2, 5, 59, tzinfo=SHANGHAI)
    assert schedule_tick(early) == []
    at_six = datetime(2026, 3, 2, 6, 0, 5, tzinfo=SHANGHAI)
    first, second = schedule_tick(at_six), schedule_tick(at_six + timedelta(seconds=10))  # two workers
    assert len(first) == 1 and second == []
    assert schedule_tick(at_six + timedelta(hours=17)) == []  # later that day
    job = first[0]
    assert job.kind == "home.remind" and job.params == {"today": "2026-03-02"} and job.owner is None
    assert DailyRun.objects.get(name="remind", day="2026-03-02").job == job
    assert len(schedule_tick(at_six + timedelta(days=1))) == 1  # the next day
    assert Job.objects.filter(kind="home.remind").count() == 2


def test_the_remind_job_sweeps_deadlines():
    job = schedule_tick(datetime(2026, 3, 2, 7, 0, tzinfo=SHANGHAI))[0]
    assert job.state == Job.State.DONE, job.error
    assert job.result_message.startswith("2026-03-02：")
