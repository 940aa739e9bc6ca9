"""`anjian import enterprises|officers FILE [--commit] [--user NAME]`: preview or all-or-nothing import."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from anjian.accounts.access import has_capability
from anjian.domain.permissions import Capability
from anjian.enterprises.importing import enterprise_import_commit, enterprise_import_preview
from anjian.officers.importing import officer_import_commit, officer_import_preview

KINDS = {
    "enterprises": ("生产经营单位", Capability.ENTERPRISE_IMPORT, enterprise_import_preview, enterprise_import_commit),
    "officers": ("执法人员", Capability.OFFICER_IMPORT, officer_import_preview, officer_import_commit),
}


class Command(BaseCommand):
    help = "从 CSV/XLSX 导入生产经营单位或执法人员：默认只预检并列出错误；加 --commit 全部写入（任一行出错则不写入任何数据）"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS), help="enterprises（生产经营单位）或 officers（执法人员）")
        parser.add_argument("file", help="CSV（UTF-8/GBK）或 XLSX 文件")
        parser.add_argument("--commit", action="store_true", help="校验通过后写入数据库（全部或全不）")
        parser.add_argument("--user", default="", help="以该账号的身份和辖区导入；默认为系统导入（不限辖区）")
        parser.add_argument("--max-bytes", type=int, default=0,
                            help="文件大小上限（字节）；默认不限，网页上传的上限见 ANJIAN_IMPORT_MAX_BYTES")
        parser.add_argument("--max-errors", type=int, default=1000, help="最多列出多少处错误（默认 1000）")

    def handle(self, *args, **options):
        label, capability, preview, commit = KINDS[options["kind"]]
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None or not actor.is_active:
                raise CommandError(f"账号不存在或已停用：{options['user']}")
            if not has_capability(actor, capability):
                raise CommandError(f"账号 {options['user']} 没有导入{label}的权限")
        service = commit if options["commit"] else preview
        report = service(actor=actor, path=path, file_name=path.name, max_bytes=max(options["max_bytes"], 0))
        self.stdout.write(f"文件：{report.file_name}（SHA-256 {report.sha256}）")
        if report.file_error:
            raise CommandError(f"无法导入：{report.file_error}")
        if report.error_count:
            for line in report.error_lines(options["max_errors"]):
                self.stderr.write(line)
            raise CommandError(f"{report.summary()}。请修改文件后重新导入。")
        if report.committed:
            self.stdout.write(self.style.SUCCESS(
                f"已导入{label}：共 {report.rows} 行，新增 {report.created}，更新 {report.updated}"))
        else:
            self.stdout.write(f"预检通过（未写入）：共 {report.rows} 行，将新增 {report.created}，更新 {report.updated}。"
                              "加 --commit 写入。")
