"""Writes of background jobs: submit, cancel, run (the worker side), heartbeat, stale recovery, daily schedule."""

import logging
import os
import time
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import DatabaseError, IntegrityError, OperationalError, connections, transaction
from django.db.models import F
from django.utils import timezone

from anjian.accounts.access import acting_grant, agencies_for
from anjian.audit.services import audit_record
from anjian.common.errors import NotFound, ServiceConflict, ServiceError, ServiceInvalid
from anjian.domain.permissions import Capability
from anjian.jobs.models import DailyRun, Job, WorkerBeat
from anjian.jobs.registry import JobOutcome, kind_of

logger = logging.getLogger("anjian.jobs")

State = Job.State
TOO_MANY_INTERRUPTIONS = "工作进程中断次数过多"
INTERNAL_ERROR = "处理时出现内部错误（详情已记入日志），请稍后重试或联系系统管理员"
NOTHING_WRITTEN = "；未写入任何数据"


def stale_after() -> timedelta:
    """How long a worker may stay silent before its running jobs are taken back (60 s; tests shorten it)."""
    return timedelta(seconds=max(1, int(getattr(settings, "ANJIAN_JOB_STALE_SECONDS", 60))))


def max_attempts() -> int:
    return max(1, int(getattr(settings, "ANJIAN_JOB_MAX_ATTEMPTS", 3)))


# ---------------------------------------------------------------- submit / cancel (the user's side)

def job_submit(*, actor, kind: str, params: dict, title: str) -> Job:
    """Record a job and enqueue its django-tasks task in the same transaction (a worker sees both or neither).
    ``actor`` None: a system job (the daily schedule), seen by the agencies' job administrators."""
    if kind_of(kind) is None:
        raise ServiceInvalid(f"未知的任务类型：{kind}")
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise ServiceInvalid("任务标题应为1至200个字符")
    grant = acting_grant(actor) if actor is not None else None
    from anjian.jobs.tasks import run_job

    with transaction.atomic():
        job = Job.objects.create(kind=kind, title=title, params=params or {}, owner=actor,
                                 agency_id=grant.agency_id if grant else None)
        if actor is not None:
            audit_record(actor=actor, agency=job.agency, verb="job_submit", target=job,
                         target_id=str(job.public_id), extra={"kind": kind})
        result = run_job.enqueue(str(job.public_id))  # ImmediateBackend (tests): runs here, inside
        Job.objects.filter(pk=job.pk, task_result_id="").update(task_result_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def job_cancel(*, actor, job: Job) -> Job:
    """Cancel a job still waiting in the queue (its owner or the agency's job administrator)."""
    admin_agencies = {g.agency_id for g in agencies_for(actor, Capability.JOB_MANAGE)}
    if job.owner_id != actor.pk and job.agency_id not in admin_agencies:
        raise NotFound()
    with transaction.atomic():
        if not Job.objects.filter(pk=job.pk, state=State.QUEUED).update(state=State.CANCELLED,
                                                                        finished_at=timezone.now()):
            raise ServiceConflict("任务已开始运行或已结束，不能取消")
        audit_record(actor=actor, agency=job.agency, verb="job_cancel", target=job, target_id=str(job.public_id))
    job.refresh_from_db()
    return job


# ---------------------------------------------------------------- running (the worker's side)

class _Superseded(Exception):
    """The job was taken back from this run (its worker was thought dead): roll this run back."""


class ProgressWriter:
    """``progress(done, total, message="")`` for a body. Written outside the body's transaction, at most about
    twice a second: in autocommit when no transaction is open; on PostgreSQL through a second connection while
    the body's transaction is open; on SQLite (one writer at a time) it is written when that transaction ends."""

    interval = 0.5

    def __init__(self, job: Job):
        self.job_pk, self.attempt = job.pk, job.attempts
        self.pending: tuple[int, int, str] | None = None
        self.latest: tuple[int, int, str] = (0, 0, "")
        self.last = 0.0
        self.side = None

    def __call__(self, done: int, total: int, message: str = "") -> None:
        self.pending = self.latest = (max(0, int(done)), max(0, int(total)), str(message)[:200])
        now = time.monotonic()
        if now - self.last >= self.interval or (total and done >= total):
            self.last = now
            self.flush()

    def flush(self) -> None:
        if self.pending is None:
            return
        done, total, message = self.pending
        conn = connections["default"]
        if not conn.in_atomic_block:
            try:
                Job.objects.filter(pk=self.job_pk, state=State.RUNNING, attempts=self.attempt).update(
                    progress_done=done, progress_total=total, progress_message=message)
            except DatabaseError:  # e.g. SQLite "database is locked": progress never fails a job; next time
                logger.warning("job %s: progress not written (kept for the next update)", self.job_pk,
                               exc_info=logger.isEnabledFor(logging.DEBUG))
                return
        elif conn.vendor == "postgresql":
            self._side_update(done, total, message)
        else:
            return  # SQLite: kept pending until the transaction ends
        self.pending = None

    def _side_update(self, done: int, total: int, message: str) -> None:
        try:
            if self.side is None:
                self.side = connections.create_connection("default")
            table = Job._meta.db_table
            with self.side.cursor() as cursor:
                cursor.execute(
                    f'UPDATE "{table}" SET progress_done = %s, progress_total = %s, progress_message = %s '  # noqa: S608
                    "WHERE id = %s AND state = %s AND attempts = %s",
                    [done, total, message, self.job_pk, State.RUNNING, self.attempt])
        except Exception:  # progress is best effort; the job goes on
            logger.warning("job %s: progress not written", self.job_pk, exc_info=True)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None


def _store_result(job: Job, outcome: JobOutcome | None) -> str:
    if outcome is None or outcome.content is None:
        return ""
    content = outcome.content
    content = ContentFile(content) if isinstance(content, bytes) else File(content)
    ext = os.path.splitext(outcome.filename or "")[1].lower()[:10]
    return default_storage.save(f"jobs/{job.public_id}/result{ext}", content)


FINAL_WRITE_TRIES = 6  # the final state on a locked SQLite: 0.1 + 0.2 + 0.4 + 0.8 + 1.6 s of back-off


def _final_write(update):
    """Write a job's final state; on a locked SQLite (another writer holds it) try again with a short back-off.
    Inside a transaction (an atomic body) a retry could not help: the error goes up and the run rolls back."""
    for attempt in range(FINAL_WRITE_TRIES):
        try:
            return update()
        except OperationalError as exc:
            if (connections["default"].in_atomic_block or "locked" not in str(exc).lower()
                    or attempt == FINAL_WRITE_TRIES - 1):
                raise
            logger.warning("job state not written (database is locked); retrying")
            time.sleep(0.1 * 2 ** attempt)
    return None  # not reached


def _finish(job: Job, attempt: int, outcome: JobOutcome | None, stored: str, progress: ProgressWriter) -> None:
    """已完成. The last progress line gives way to the result's words (or is cleared): a finished job never reads
    as still working ("正在生成Word")."""
    outcome = outcome or JobOutcome()
    done, total, _message = progress.latest
    changed = _final_write(lambda: Job.objects.filter(pk=job.pk, state=State.RUNNING, attempts=attempt).update(
        state=State.DONE, finished_at=timezone.now(), result_message=outcome.message[:500],
        result_name=stored, result_filename=os.path.basename(outcome.filename or "")[:200] if stored else "",
        result_content_type=outcome.content_type[:100] if stored else "",
        progress_done=max(done, total), progress_total=max(done, total), progress_message=""))
    if not changed:
        raise _Superseded


def _fail(job: Job, attempt: int, words: str, progress: ProgressWriter | None = None) -> None:
    extra = {}
    if progress is not None:
        extra = dict(zip(("progress_done", "progress_total", "progress_message"), progress.latest, strict=True))
    _final_write(lambda: Job.objects.filter(pk=job.pk, state=State.RUNNING, attempts=attempt).update(
        state=State.FAILED, finished_at=timezone.now(), error=words[:500], **extra))


def job_run(*, public_id: str, worker: str) -> None:
    """Run one job (called by the django-tasks task on a worker). Never raises: a body's refusal (an error of the
    service family) becomes its plain words, anything else is logged with its traceback and reads as an internal
    error. An atomic body's writes commit together with 已完成, so a failure or a dead worker leaves nothing."""
    now = timezone.now()
    if not Job.objects.filter(public_id=public_id, state=State.QUEUED).update(
            state=State.RUNNING, attempts=F("attempts") + 1, worker=worker[:64], started_at=now, finished_at=None,
            progress_done=0, progress_message="", error=""):
        return  # cancelled, or already run
    job = Job.objects.get(public_id=public_id)
    attempt = job.attempts
    kind = kind_of(job.kind)
    if kind is None:
        _fail(job, attempt, f"未知的任务类型：{job.kind}")
        return
    progress = ProgressWriter(job)
    stored = ""
    try:
        if kind.atomic:
            with transaction.atomic():
                outcome = kind.body(job, dict(job.params), progress)
                stored = _store_result(job, outcome)
                _finish(job, attempt, outcome, stored, progress)
        else:
            outcome = kind.body(job, dict(job.params), progress)
            stored = _store_result(job, outcome)
            _finish(job, attempt, outcome, stored, progress)
    except _Superseded:
        logger.warning("job %s: taken back from worker %s; this run is discarded", public_id, worker)
        if stored:
            default_storage.delete(stored)
    except ServiceError as exc:
        _discard(stored)
        words = str(exc)
        _fail(job, attempt, words + (NOTHING_WRITTEN if kind.atomic and "未写入" not in words else ""), progress)
    except Exception:
        logger.exception("job %s (%s) failed", public_id, job.kind)
        _discard(stored)
        _fail(job, attempt, INTERNAL_ERROR + (NOTHING_WRITTEN if kind.atomic else ""), progress)
    finally:
        progress.close()


def _discard(stored: str) -> None:
    if stored:
        try:
            default_storage.delete(stored)
        except Exception:
            logger.warning("result file %s not deleted", stored, exc_info=True)


# ---------------------------------------------------------------- workers: heartbeat, stale jobs, schedule

def worker_beat(*, name: str, host: str, pid: int, started_at: datetime, now: datetime | None = None) -> None:
    now = now or timezone.now()
    WorkerBeat.objects.update_or_create(name=name[:64], defaults={
        "host": host[:255], "pid": pid, "started_at": started_at, "last_seen": now})


def worker_gone(*, name: str) -> None:
    """A worker stopping cleanly removes its beat (its running job, if any, was finished or rolled back)."""
    WorkerBeat.objects.filter(name=name).delete()


def jobs_recover_stale(*, now: datetime | None = None) -> dict[str, int]:
    """Jobs 运行中 whose worker has not beaten for more than a minute (and that started more than a minute ago)
    go back to the queue to be run again from scratch, or fail after too many interruptions."""
    from anjian.jobs.tasks import run_job

    now = now or timezone.now()
    cutoff = now - stale_after()
    alive = set(WorkerBeat.objects.filter(last_seen__gte=cutoff).values_list("name", flat=True))
    counts = {"requeued": 0, "failed": 0}
    candidates = list(Job.objects.filter(state=State.RUNNING, started_at__lt=cutoff)
                      .exclude(worker__in=alive).values_list("pk", flat=True)[:100])
    for pk in candidates:
        with transaction.atomic():
            job = Job.objects.select_for_update(skip_locked=True).filter(
                pk=pk, state=State.RUNNING, started_at__lt=cutoff).exclude(worker__in=alive).first()
            if job is None:
                continue
            _abandon_task(job.task_result_id)
            outcome = _requeue(job, run_job)
            counts[outcome] += 1
            if outcome == "requeued":
                logger.warning("job %s: worker %s stopped beating; queued again", job.public_id, job.worker)
    return counts


def _requeue(job: Job, run_job) -> str:
    """Put a job back in the queue with a new task (inside the caller's transaction), or fail it after too many
    interruptions. "requeued" or "failed"."""
    if job.state == State.RUNNING and job.attempts >= max_attempts():
        _fail(job, job.attempts, TOO_MANY_INTERRUPTIONS)
        logger.error("job %s failed: worker %s interrupted it %s times", job.public_id, job.worker, job.attempts)
        return "failed"
    Job.objects.filter(pk=job.pk, state=job.state, attempts=job.attempts).update(
        state=State.QUEUED, worker="", task_result_id="", progress_message="工作进程中断，等待重新运行")
    result = run_job.enqueue(str(job.public_id))
    Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id)[:64])
    return "requeued"


def job_task_lost(*, task_result_id: str) -> str | None:
    """A worker's task ended without the job reaching an end: the database failed under it (at the start of
    ``job_run``, in the middle, or while writing the end) — the job's transaction rolled back. Its django-tasks
    result is marked failed, and the job, when still 排队中 or 运行中 under that task, is queued again (or failed
    after too many interruptions). Idempotent; a job that did finish is left alone. The outcome, or None."""
    from anjian.jobs.tasks import run_job

    if not task_result_id:
        return None
    with transaction.atomic():
        _abandon_task(task_result_id)
        job = Job.objects.select_for_update().filter(
            task_result_id=task_result_id, state__in=(State.QUEUED, State.RUNNING)).first()
        if job is None:
            return None
        outcome = _requeue(job, run_job)
    logger.warning("job %s: its task ended with the database unavailable; %s", job.public_id,
                   "queued again" if outcome == "requeued" else "failed", extra={"job": str(job.public_id)})
    return outcome


def _abandon_task(task_result_id: str) -> None:
    """Mark the dead worker's django-tasks result failed, so its table does not show it running forever."""
    if not task_result_id:
        return
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another backend
        return
    DBTaskResult.objects.filter(id=task_result_id, status="RUNNING").update(
        status="FAILED", finished_at=timezone.now())


def daily_run_submit(*, name: str, day: date, kind: str, params: dict, title: str) -> Job | None:
    """Submit the day's scheduled job unless some worker already did: the unique (name, day) row decides, so
    any number of workers on any number of machines submit it exactly once."""
    try:
        with transaction.atomic():
            run = DailyRun.objects.create(name=name, day=day)
            job = job_submit(actor=None, kind=kind, params=params, title=title)
            run.job = job
            run.save(update_fields=["job"])
            return job
    except IntegrityError:
        return None
