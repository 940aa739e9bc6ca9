"""Readiness checks for /readyz: each returns None when fine, else (code, message in Chinese)."""

import shutil
from datetime import timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

Problem = tuple[str, str] | None
_migrations_applied = False  # once seen applied, they stay applied until this process is replaced


def database() -> Problem:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 — any failure means not ready
        return "database_unreachable", "数据库无法连接"
    return None


def migrations() -> Problem:
    global _migrations_applied
    if _migrations_applied:
        return None
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:  # noqa: BLE001
        return "migrations_unknown", "无法读取数据库迁移状态"
    if plan:
        return "migrations_pending", f"有 {len(plan)} 个数据库迁移尚未执行（manage.py migrate）"
    _migrations_applied = True
    return None


def worker() -> Problem:
    try:
        from anjian.jobs.selectors import latest_worker_beat  # lazily: layer 8, and optional until installed
    except ImportError:
        return "worker_missing", "未安装后台任务模块"
    try:
        beat = latest_worker_beat()
    except Exception:  # noqa: BLE001
        return "worker_unknown", "无法读取后台任务进程状态"
    max_age = settings.ANJIAN_READY_WORKER_MAX_AGE
    if beat is None:
        return "worker_not_seen", "尚未发现后台任务进程（manage.py worker）"
    if timezone.now() - beat > timedelta(seconds=max_age):
        return "worker_stale", f"后台任务进程已超过 {max_age} 秒无响应"
    return None


def disk() -> Problem:
    path = settings.VAR_DIR
    minimum = settings.ANJIAN_READY_MIN_FREE_MB
    try:
        free_mb = shutil.disk_usage(path).free // (1024 * 1024)
    except OSError:
        return "disk_unknown", "无法读取数据目录所在磁盘的剩余空间"
    if free_mb < minimum:
        return "disk_low", f"数据目录所在磁盘剩余 {free_mb} MB，低于 {minimum} MB"
    return None


CHECKS = {"database": database, "migrations": migrations, "worker": worker, "disk": disk}


def run_checks() -> dict[str, Problem]:
    results: dict[str, Problem] = {"database": database()}
    for name, check in CHECKS.items():
        if name == "database":
            continue
        if name in ("migrations", "worker") and results["database"] is not None:
            results[name] = ("database_unreachable", "数据库无法连接，无法检查")
            continue
        results[name] = check()
    return results
