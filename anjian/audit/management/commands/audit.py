"""`anjian audit verify [--checkpoints FILE]` and `anjian audit checkpoint [--out FILE]` (ADR 0019)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from anjian.audit.selectors import audit_checkpoint, audit_checkpoints_verify, audit_verify
from anjian.common.errors import ServiceInvalid

FAILED = 2  # exit status of a failed check
MAX_FILE_BYTES = 50 * 1024 * 1024


def _read_lines(path: str) -> list[str]:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"找不到检查点文件：{path}", returncode=FAILED)
    if file.stat().st_size > MAX_FILE_BYTES:
        raise CommandError(f"检查点文件超过 {MAX_FILE_BYTES // (1024 * 1024)} MB：{path}", returncode=FAILED)
    try:
        return file.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise CommandError(f"检查点文件不是 UTF-8 文本：{path}", returncode=FAILED) from exc


class Command(BaseCommand):
    help = ("审计日志：verify 用密钥校验哈希链（可对照检查点文件），报告第一个断点；"
            "checkpoint 签发当前链头的检查点行（追加到文件或打印，供在库外保存或公布）")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="校验审计链")
        verify.add_argument("--checkpoints", metavar="FILE", help="对照库外保存的检查点文件，发现截断和回退")
        checkpoint = sub.add_parser("checkpoint", help="签发当前链头的检查点")
        checkpoint.add_argument("--out", metavar="FILE", help="追加到此文件（先核对其中已有的检查点）；缺省打印")

    def handle(self, *args, **options):
        if options["action"] == "checkpoint":
            return self._checkpoint(options.get("out"))
        return self._verify(options.get("checkpoints"))

    def _verify(self, checkpoints_path: str | None) -> None:
        lines = _read_lines(checkpoints_path) if checkpoints_path else None
        result = audit_verify(lines)
        problems = []
        if result.broken:
            problems.append(f"审计链断裂：第 {result.broken.event_id} 号事件 — {result.broken.reason}"
                            f"（共 {result.count} 条）")
        if result.guards_missing:
            problems.append("数据库防护触发器缺失或被停用：" + "、".join(result.guards_missing))
        report = result.checkpoints
        if report is not None:
            problems += [f"检查点文件第 {f.line} 行：{f.reason}" for f in report.findings]
            if not report.findings and report.checked == 0:
                problems.append("检查点文件中没有检查点行")
        if problems:
            raise CommandError("\n".join(problems), returncode=FAILED)
        self.stdout.write(f"审计链完整：共 {result.count} 条事件")
        if report is not None:
            self.stdout.write(f"检查点 {report.checked} 条均与审计链相符（最新至第 {report.latest_seq} 号事件）")

    def _checkpoint(self, out: str | None) -> None:
        if out and Path(out).exists():
            report = audit_checkpoints_verify(_read_lines(out))
            if report.findings:
                raise CommandError("不签发新检查点：" + "；".join(
                    f"检查点文件第 {f.line} 行：{f.reason}" for f in report.findings), returncode=FAILED)
        try:
            line = audit_checkpoint()
        except ServiceInvalid as exc:
            raise CommandError(str(exc), returncode=FAILED) from exc
        if not out:
            self.stdout.write(line)
            return
        with open(out, "a", encoding="utf-8") as file:
            file.write(line + "\n")
        self.stdout.write(f"已追加检查点到 {out}：{line}")
