"""Create the 2023 Henan cross-region campaign (seed 000, 豫应急办〔2023〕41号) and print its arrangement table."""

from django.core.management.base import BaseCommand, CommandError

from anjian.campaigns.selectors import arrangement_table
from anjian.campaigns.services_load import DATA_DIR, campaign_load
from anjian.common.errors import ServiceInvalid


class Command(BaseCommand):
    help = "载入2023年全省安全生产异地执法检查（附件1 统一安排表）并生成检查安排"

    def handle(self, *args, **options):
        try:
            campaign = campaign_load(actor=None, path=DATA_DIR / "henan_2023.json")
        except ServiceInvalid as exc:
            raise CommandError("；".join(exc.errors)) from exc
        self.stdout.write(f"{campaign.title}（{campaign.document_reference}）")
        for when, mode, text in arrangement_table(campaign):
            self.stdout.write(f"{when}\t{mode}\t{text.replace(chr(10), ' / ')}")
