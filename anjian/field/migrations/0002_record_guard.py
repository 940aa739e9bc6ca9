"""The field-record guard from `anjian.field.guard_sql` (ADR 0019, 0040)."""

from django.db import migrations

from anjian.audit.guard import guard_migration
from anjian.field.guard_sql import GUARD


class Migration(migrations.Migration):
    dependencies = [("field", "0001_initial")]

    operations = [guard_migration(GUARD)]
