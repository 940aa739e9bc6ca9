"""The worker's loop (`anjian worker`), made to outlive the database: django-tasks' database worker claims a task in
an exclusive transaction and lets any database error end the process; here a failed claim, beat or bookkeeping
write is logged as one JSON line, the connections are closed, and the worker waits (1 s, doubling to 30 s) and
tries again. A claim is one transaction (it rolls back whole); a task the database failed under is given back
(``job_task_lost``) once the database answers again, so its job is run again from scratch, never half-applied."""

import contextlib
import logging
import time

from django.db import Error as DatabaseFailure
from django.db import InterfaceError, InternalError, OperationalError, close_old_connections, connections
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from anjian.jobs.services import job_task_lost

logger = logging.getLogger("anjian.jobs")

SUCCESSFUL = "SUCCESSFUL"
RUNNING = "RUNNING"


def transient(exc: BaseException) -> bool:
    """A database failure worth waiting out: no connection, a lost one, a lock held too long, a read-only standby
    during a failover. Not one: a missing table (migrations not run) or a bad query — a bug or a deployment
    mistake, which ends the worker (systemd starts it again; scripts/serve.py a few times)."""
    if not isinstance(exc, OperationalError | InterfaceError | InternalError):
        return False
    words = str(exc).lower()
    return "no such table" not in words and "no such column" not in words


class Backoff:
    """Seconds to wait after each consecutive failure: first, doubled each time, never above `most`."""

    def __init__(self, first: float = 1.0, most: float = 30.0):
        self.first, self.most, self.failures = first, most, 0

    def next(self) -> float:
        delay = min(self.most, self.first * 2 ** min(self.failures, 16))
        self.failures += 1
        return delay

    def reset(self) -> None:
        self.failures = 0


def database_failed(what: str, worker: str, exc: BaseException, backoff: Backoff) -> float:
    """Log one line for a database failure, drop this thread's connections, and say how long to wait."""
    delay = backoff.next()
    logger.warning("worker %s: database unavailable (%s): %s; trying again in %g s", worker, what,
                   str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__, delay,
                   extra={"event": "worker_database_error", "worker": worker, "during": what,
                          "error_class": type(exc).__name__, "failures": backoff.failures, "retry_in": delay})
    for conn in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseFailure):  # already gone
            conn.close()
    return delay


class ResilientWorker(Worker):
    """django-tasks' worker (same claim, same signals, same ``run_task``) whose loop survives database errors."""

    def __init__(self, *, backoff: Backoff | None = None, **options):
        super().__init__(**options)
        self.backoff = backoff or Backoff()
        self.lost: set[str] = set()  # tasks the database failed under, to give back when it answers
        self.outage = False

    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names))
        try:
            self.loop()
        finally:
            if self.lost:  # stopped by a second signal in the middle of a task: give it back now if we can
                try:
                    self.give_back()
                except DatabaseFailure:
                    logger.warning("worker %s: tasks not given back (database unavailable); another worker will "
                                   "take them back when this one is seen gone", self.worker_id)

    def loop(self) -> None:
        while self.running:
            task_result, stage = None, "claiming a task"
            try:
                close_old_connections()
                if self.outage or self.lost:  # after an outage, the first thing tried again
                    stage = "giving back interrupted tasks" if self.lost else stage
                    self.give_back()
                    stage = "claiming a task"
                task_result = self.claim()
                if task_result is not None:
                    stage = "running a task"
                    self.run_claimed(task_result)
                self.backoff.reset()
            except DatabaseFailure as exc:
                if not transient(exc):
                    raise
                self.outage = True
                self.pause(database_failed(stage, self.worker_id, exc, self.backoff))
                continue
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("Run maximum tasks (%d) on worker=%s - exiting gracefully.", self._run_tasks,
                            self.worker_id)
                return
            close_old_connections()
            if self.running and task_result is None:
                time.sleep(self.interval)

    def claim(self) -> DBTaskResult | None:
        """The next ready task, marked running by this worker, in one (exclusive on SQLite) transaction."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        return task_result

    def run_claimed(self, task_result: DBTaskResult) -> None:
        """Run a claimed task (the library marks it successful or failed, 3 tries). A task that did not end
        successful — ``job_run`` never raises but when the database fails it — is given back."""
        try:
            self.run_task(task_result)
        finally:
            if task_result.status != SUCCESSFUL:
                self.lost.add(str(task_result.id))

    def give_back(self) -> None:
        """After an outage: every task this worker holds as running (it runs one at a time and is between tasks
        now) and every task the database failed under goes back; their jobs are queued again."""
        mine = {str(pk) for pk, ids in DBTaskResult.objects.filter(status=RUNNING, backend_name=self.backend_name)
                .values_list("pk", "worker_ids") if ids and ids[-1] == self.worker_id}
        for task_id in sorted(self.lost | mine):
            job_task_lost(task_result_id=task_id)
            self.lost.discard(task_id)
        if self.outage:
            logger.warning("worker %s: database available again", self.worker_id,
                           extra={"event": "worker_database_back", "worker": self.worker_id})
        self.outage = False

    def pause(self, seconds: float) -> None:
        """Wait, unless asked to stop (a signal while waiting ends the process at once, as while idle)."""
        deadline = time.monotonic() + seconds
        while self.running and time.monotonic() < deadline:
            time.sleep(min(0.2, max(0.0, deadline - time.monotonic())))
