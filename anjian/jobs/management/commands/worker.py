"""`anjian worker`: the background worker. Runs queued jobs (django-tasks database backend), beats every ~10 s,
puts back jobs of workers that stopped beating, and submits the daily `remind` at ANJIAN_REMIND_AT (Asia/Shanghai).
Outlives the database: while it is unreachable or locked, each failure is one log line and the worker waits
(1 s doubling to 30 s) and tries again (anjian.jobs.worker). Stops cleanly on SIGTERM/SIGINT (a job in progress is
finished first; a second signal aborts it, its transaction rolls back and the job is queued again)."""

import logging
import os
import socket
import threading
from datetime import datetime, time
from time import sleep

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import Error as DatabaseFailure
from django.db import close_old_connections, connections
from django.utils import timezone
from django.utils.crypto import get_random_string

from anjian.jobs.services import daily_run_submit, jobs_recover_stale, worker_beat, worker_gone
from anjian.jobs.worker import Backoff, ResilientWorker, database_failed, transient

logger = logging.getLogger("anjian.jobs")


def daily_schedule() -> list[tuple[str, time, str, str]]:
    """(name, local time, job kind, title) of the jobs submitted once a day."""
    at = time.fromisoformat(getattr(settings, "ANJIAN_REMIND_AT", "06:00"))
    return [("remind", at, "home.remind", "每日期限提醒")]


def schedule_tick(now: datetime | None = None) -> list:
    """Submit each daily job whose time has come today and that no worker has submitted yet."""
    local = timezone.localtime(now or timezone.now())
    submitted = []
    for name, at, kind, title in daily_schedule():
        if local.time() >= at:
            job = daily_run_submit(name=name, day=local.date(), kind=kind, params={"today": local.date().isoformat()},
                                   title=f"{title}（{local.date():%Y-%m-%d}）")
            if job is not None:
                submitted.append(job)
    return submitted


class Heart(threading.Thread):
    """Beats, recovers stale jobs and runs the daily schedule every `interval` seconds (its own DB connection)."""

    def __init__(self, name: str, interval: float, schedule: bool):
        super().__init__(name="anjian-worker-heart", daemon=True)
        self.worker_name, self.interval, self.schedule = name, interval, schedule
        self.host, self.pid, self.started = socket.gethostname(), os.getpid(), timezone.now()
        self.stopping = threading.Event()

    def tick(self) -> None:
        close_old_connections()
        worker_beat(name=self.worker_name, host=self.host, pid=self.pid, started_at=self.started)
        jobs_recover_stale()
        if self.schedule:
            schedule_tick()

    def first_beat(self, backoff: Backoff) -> None:
        """Beat before the first job, so a job never runs under a worker not yet seen; while the database does not
        answer, wait and try again (a signal meanwhile stops the process)."""
        while True:
            try:
                self.tick()
                return
            except DatabaseFailure as exc:
                if not transient(exc):
                    raise
                sleep(database_failed("first heartbeat", self.worker_name, exc, backoff))

    def run(self) -> None:
        backoff = Backoff(self.interval, max(self.interval, 30.0))
        while not self.stopping.is_set():
            wait = self.interval
            try:
                self.tick()
                backoff.reset()
            except Exception as exc:
                if transient(exc):  # a locked SQLite, a lost connection: one line, try again
                    wait = database_failed("heartbeat", self.worker_name, exc, backoff)
                else:  # a bug or a missing table: its traceback, then carry on beating
                    logger.exception("worker %s: heartbeat failed", self.worker_name)
            self.stopping.wait(wait)
        connections.close_all()


class Command(BaseCommand):
    help = "后台工作进程：运行排队的任务，每10秒心跳，接管中断的任务，每天定时生成期限提醒；Ctrl-C 或 SIGTERM 停止"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="队列为空时多久查一次（秒，默认 1）")
        parser.add_argument("--beat", type=float, default=10.0, help="心跳间隔（秒，默认 10）")
        parser.add_argument("--no-schedule", action="store_true", help="不生成每日定时任务")
        parser.add_argument("--max-tasks", type=int, default=None, help="运行这么多个任务后退出（测试用）")
        parser.add_argument("--name", default="", help="工作进程名（默认 主机:进程号:随机）")

    def handle(self, *args, **options):
        if not 0.05 <= options["interval"] <= 60 or not 0.1 <= options["beat"] <= 60:
            raise CommandError("--interval 应在 0.05–60 秒之间，--beat 应在 0.1–60 秒之间")
        name = options["name"] or f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(6)}"
        logging.getLogger("django_tasks_db").setLevel(logging.INFO)
        heart = Heart(name[:64], options["beat"], not options["no_schedule"])
        worker = ResilientWorker(queue_names=["default"], interval=options["interval"], batch=False,
                                 backend_name="default", startup_delay=False, max_tasks=options["max_tasks"],
                                 worker_id=name[:64], excluded_queue_names=[])
        worker.configure_signals()
        try:
            heart.first_beat(Backoff())
        except Exception:  # not an outage: a missing table, a bug — one JSON line with its traceback, status 1
            logger.critical("worker %s could not start", name, exc_info=True)
            raise SystemExit(1) from None
        heart.start()
        self.stdout.write(f"工作进程 {name} 已启动")
        self.stdout.flush()
        try:
            worker.run()
        except Exception:  # a bug, not the database: its traceback as one JSON line, then exit status 1
            logger.critical("worker %s stopped by an unexpected error", name, exc_info=True)
            raise SystemExit(1) from None
        finally:
            heart.stopping.set()
            heart.join(timeout=5)
            try:
                worker_gone(name=name[:64])
            except DatabaseFailure as exc:  # it ages out; the others take its jobs back after a minute
                logger.warning("worker %s: beat not removed (database unavailable: %s)", name, type(exc).__name__)
            self.stdout.write(f"工作进程 {name} 已停止")
