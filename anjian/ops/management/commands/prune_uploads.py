"""`anjian prune-uploads [--older-than DAYS]`: delete uploaded import tables older than DAYS (default 7)."""

from django.core.management.base import BaseCommand, CommandError

from anjian.ops.services_uploads import MAX_DAYS, uploads_prune


class Command(BaseCommand):
    help = ("删除文件存储中超过 DAYS 天（默认 7 天）的上传导入文件（imports/，含姓名和电话），"
            "排队中或运行中的任务仍在使用的除外；删除记入审计日志")

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=7, metavar="DAYS", help="天数（0–3650，默认 7）")

    def handle(self, *args, **options):
        days = options["older_than"]
        if not 0 <= days <= MAX_DAYS:
            raise CommandError(f"--older-than 须在 0 到 {MAX_DAYS} 之间", returncode=2)
        deleted = uploads_prune(older_than_days=days)
        self.stdout.write(f"已删除 {len(deleted)} 个超过 {days} 天的上传导入文件")
