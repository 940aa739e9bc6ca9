"""`anjian restore FILE`: verify an archive, restore it into an empty database and storage, check (ADR 0035)."""

import logging

from django.core.management.base import BaseCommand, CommandError

from anjian.ops.backup import KEY_NOTE, BackupRefused
from anjian.ops.restore import restore_run

FAILED = 2
log = logging.getLogger("anjian.ops.backup")


class Command(BaseCommand):
    help = ("从备份恢复：先校验每个成员的 SHA-256，再恢复到空数据库和空文件存储（不覆盖现有数据），"
            "然后校验审计链并核对各表行数。SQLite：恢复期间不得运行本系统")
    requires_system_checks = []  # nothing may touch the (empty) database before the archive is checked

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="备份文件")

    def handle(self, *args, **options):
        try:
            result = restore_run(options["file"], log=self.stdout.write)
        except BackupRefused as exc:
            raise CommandError(f"恢复失败：{exc}", returncode=FAILED) from exc
        except OSError as exc:  # disk full, no permission …
            raise CommandError(f"恢复中断：{exc}；数据库和文件存储可能只恢复了一部分，请清空后重试",
                               returncode=FAILED) from exc
        manifest = result.manifest
        log.warning("backup restored", extra={"file": options["file"], "ok": result.ok})  # logged at any LOG_LEVEL
        self.stdout.write(f"已恢复：数据库 {len(manifest['counts'])} 张表，文件 {result.files} 个")
        self.stdout.write(("审计链校验通过：" if result.audit_ok else "审计链校验失败：") + result.audit_report)
        seq, head = result.head
        if result.head_ok:
            self.stdout.write(f"审计链头与备份清单一致：第 {seq} 号事件 {head[:16]}…")
        if not result.count_differences:
            self.stdout.write(f"各表行数与备份清单一致（{sum(manifest['counts'].values())} 行）")
        if result.migrations_pending:
            self.stdout.write("备份来自较早版本的程序：请运行 anjian migrate 升级数据库后再启动")
        self.stdout.write(KEY_NOTE)
        problems = []
        if not result.audit_ok:
            problems.append("审计链校验失败（见上）")
        if not result.head_ok:
            problems.append(f"审计链头（第 {seq} 号事件）与备份清单（第 {manifest['audit']['seq']} 号事件）不一致")
        problems += [f"行数不一致 — {line}" for line in result.count_differences]
        if problems:
            raise CommandError("恢复后的核对未通过：\n" + "\n".join(problems), returncode=FAILED)
