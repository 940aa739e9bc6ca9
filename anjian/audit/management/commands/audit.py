from django.core.management.base import BaseCommand, CommandError

from anjian.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "审计日志：verify 校验哈希链，报告第一个断点"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify")

    def handle(self, *args, **options):
        count, broken = audit_chain_verify()
        if broken:
            raise CommandError(f"审计链断裂：第 {broken.event_id} 号事件 — {broken.reason}（共 {count} 条）")
        self.stdout.write(f"审计链完整：共 {count} 条事件")
