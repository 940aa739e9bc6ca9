from django.core.management.base import BaseCommand
from django.db import transaction

from anjian.documents.catalog import document_kinds_load


class Command(BaseCommand):
    help = "Load the catalog of enforcement document kinds (data/catalog.csv); safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            created, updated = document_kinds_load()
        self.stdout.write(f"文书种类：新增 {created}，更新 {updated}")
