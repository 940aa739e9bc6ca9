"""`anjian backup FILE`: one archive of the database and every stored file (ADR 0035)."""

import logging

from django.core.management.base import BaseCommand, CommandError

from anjian.ops.backup import KEY_NOTE, BackupRefused, backup_write, storage_is_memory
from anjian.ops.services_backup import backup_record

FAILED = 2
log = logging.getLogger("anjian.ops.backup")


class Command(BaseCommand):
    help = ("备份：把数据库（PostgreSQL 用 pg_dump，SQLite 用在线备份）和文件存储中的全部文件写入一个归档，"
            "附 SHA-256 清单；文件名以 .gz 或 .tgz 结尾时压缩。审计密钥不在备份中，须另行保管")

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="备份文件（不得已存在）")

    def handle(self, *args, **options):
        if storage_is_memory():
            self.stderr.write("注意：文件存储是内存存储（ANJIAN_STORAGE=memory），本进程中没有其他进程保存的文件")
        try:
            result = backup_write(options["file"], log=self.stdout.write)
        except BackupRefused as exc:
            raise CommandError(f"备份失败：{exc}", returncode=FAILED) from exc
        except OSError as exc:  # disk full, no permission … ; nothing is left at FILE
            raise CommandError(f"备份失败（未写入备份文件）：{exc}", returncode=FAILED) from exc
        manifest = result.manifest
        backup_record(file_name=result.path.name, size=result.size, manifest_sha256=result.manifest_sha256,
                      audit_seq=manifest["audit"]["seq"], members=manifest["storage"]["files"] + 1,
                      created_at=manifest["created_at"])
        log.info("backup written", extra={"file": str(result.path), "size": result.size,
                                          "manifest_sha256": result.manifest_sha256})
        for name in result.skipped:
            self.stdout.write(f"（文件在复制前已被删除，未备份：{name}）")
        self.stdout.write(
            f"已写入备份 {result.path}（{result.size} 字节）：数据库 {sum(manifest['counts'].values())} 行，"
            f"{len(manifest['counts'])} 张表；文件 {manifest['storage']['files']} 个"
            f"（{manifest['storage']['bytes']} 字节）；审计链至第 {manifest['audit']['seq']} 号事件")
        self.stdout.write(f"清单 SHA-256：{result.manifest_sha256}（已记入审计日志）")
        self.stdout.write(KEY_NOTE)
