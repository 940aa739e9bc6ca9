"""``anjian draw verify FILE`` / ``anjian draw export TASK_ID``: check or print a published draw record."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from anjian.domain.draw import verify


class Command(BaseCommand):
    help = "双随机抽取记录：verify FILE 校验公示记录；export TASK_ID 输出任务当前抽取记录（JSON）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        v = sub.add_parser("verify", help="校验公示的抽取记录（JSON 文件，- 表示标准输入）")
        v.add_argument("file")
        e = sub.add_parser("export", help="输出任务当前抽取记录")
        e.add_argument("task_id", type=int)

    def handle(self, *args, **options):
        if options["action"] == "verify":
            return self._verify(options["file"])
        return self._export(options["task_id"])

    def _verify(self, path: str) -> None:
        try:
            if path == "-":
                record = json.loads(sys.stdin.read())
            else:
                with open(path, encoding="utf-8") as f:
                    record = json.load(f)
        except (OSError, ValueError) as exc:
            raise CommandError(f"无法读取抽取记录：{exc}") from exc
        errors = verify(record)
        if errors:
            for e in errors:
                self.stdout.write(e)
            sys.exit(1)
        self.stdout.write("校验通过")

    def _export(self, task_id: int) -> None:
        from anjian.draws.models import RandomInspectionTask

        task = RandomInspectionTask.objects.filter(pk=task_id).first()
        draw = task.current_draw() if task else None
        if draw is None:
            raise CommandError(f"任务 {task_id} 不存在或尚未抽取")
        self.stdout.write(draw.record_text())
