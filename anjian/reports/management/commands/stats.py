"""`anjian stats rank FILE [--metrics a,b] [--lower-better x] [--output out.csv|out.xlsx]`.

Ranks a per-unit table (XLSX or CSV in UTF-8/BOM/GBK: unit column, then one column per metric) the way a
city ranks what its counties send in, and prints the ranked table as CSV: unit, then per metric value,
rank and score, then total score and total rank. A bad table prints every problem (row, column, reason)
and exits with code 2; nothing is printed to stdout then.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from anjian.reports.ranking_io import ranked_csv, ranked_xlsx, read_ranking_table

BAD_INPUT = 2


class Command(BaseCommand):
    help = "统计与排名：rank FILE 对各单位统计表（xlsx/CSV）逐项排名、计分并输出排名结果（CSV）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rank = sub.add_parser("rank", help="对各单位统计表排名：第一列为单位，其后每列一项指标")
        rank.add_argument("file", help="xlsx 或 CSV（UTF-8/GBK）文件")
        rank.add_argument("--metrics", default="", help="参与排名的指标（表头名称，逗号分隔）；默认全部指标列")
        rank.add_argument("--lower-better", default="", help="越低越好的指标（逗号分隔），如事故起数")
        rank.add_argument("--output", default="", help="写入文件而不是标准输出：.csv（带 BOM，便于 Excel 打开）或 .xlsx")

    def handle(self, *args, **options):
        if options["action"] == "rank":
            return self._rank(options)
        raise CommandError(f"未知的子命令：{options['action']}")  # pragma: no cover - argparse refuses first

    def _rank(self, options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}", returncode=BAD_INPUT)
        output = Path(options["output"]) if options["output"] else None
        if output is not None and output.suffix.lower() not in (".csv", ".xlsx"):
            raise CommandError("--output 的文件扩展名应为 .csv 或 .xlsx", returncode=BAD_INPUT)
        read = read_ranking_table(path, metrics=options["metrics"], lower_better=options["lower_better"])
        if read.file_error:
            raise CommandError(f"无法排名 {path.name}：{read.file_error}", returncode=BAD_INPUT)
        if not read.ok:
            for line in read.error_lines():
                self.stderr.write(line)
            raise CommandError(f"{path.name}：表格有 {len(read.errors)} 处错误，未排名。请修改后重试。",
                               returncode=BAD_INPUT)
        table = read.parsed.rank()
        unit_label = read.parsed.unit_label
        if output is None:
            self.stdout.write(ranked_csv(table, unit_label), ending="")
            return
        try:
            if output.suffix.lower() == ".xlsx":
                output.write_bytes(ranked_xlsx(table, unit_label))
            else:
                output.write_text(ranked_csv(table, unit_label, bom=True), encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"无法写入 {output}：{exc}") from exc
        self.stderr.write(f"已写入 {output}：{table.size} 个单位，{len(table.metrics)} 项指标")
