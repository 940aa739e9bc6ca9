from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from anjian.cases.discretion.importing import BUNDLED, discretion_import_commit


class Command(BaseCommand):
    help = ("载入裁量基准（CSV 或 XLSX；不指定文件时载入系统自带的《安全生产法》示例基准）。"
            "按“出处＋编号＋裁量阶次”新增或更新，幂等；先校验全部行，有任何错误则不写入")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="CSV/XLSX 文件路径")

    def handle(self, *args, **options):
        path = Path(options["file"]) if options["file"] else BUNDLED
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        report = discretion_import_commit(actor=None, path=path, file_name=path.name, max_bytes=0)
        if not report.committed:
            lines = [report.summary(), *report.error_lines(limit=50)]
            raise CommandError("\n".join(lines))
        unchanged = report.rows - report.created - report.updated
        self.stdout.write(f"已载入 {path.name}：共 {report.rows} 行，新增 {report.created}，更新 {report.updated}，"
                          f"未变 {unchanged}")
