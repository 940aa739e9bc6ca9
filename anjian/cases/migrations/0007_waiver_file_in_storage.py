"""The scanned written waiver moves from the case row to the file storage as waivers/<sha256> (ADR 0034); the row
keeps the SHA-256 (a nullable column without a default, so SQLite adds it in place instead of rebuilding the
table, which other apps' triggers refer to). The archived-case guard is off around the copy (an archived case's
row is updated) and put back after."""

import hashlib

from django.db import migrations, models

from anjian.audit.guard import guard_install, guard_uninstall
from anjian.cases.guard_sql import GUARD


def _lift(apps, schema_editor):
    guard_uninstall(GUARD, schema_editor.connection)


def _restore(apps, schema_editor):
    guard_install(GUARD, schema_editor.connection)


def files_out(apps, schema_editor):
    from anjian.common.storage import keep_bytes

    alias = schema_editor.connection.alias
    PenaltyCase = apps.get_model("cases", "PenaltyCase")
    for pk, data in (PenaltyCase.objects.using(alias).filter(rights_waiver_file__isnull=False)
                     .values_list("pk", "rights_waiver_file").order_by("pk").iterator(chunk_size=100)):
        digest = hashlib.sha256(bytes(data)).hexdigest()
        keep_bytes(f"waivers/{digest}", bytes(data))
        PenaltyCase.objects.using(alias).filter(pk=pk).update(rights_waiver_sha256=digest)


def files_in(apps, schema_editor):
    from django.core.files.storage import default_storage

    alias = schema_editor.connection.alias
    PenaltyCase = apps.get_model("cases", "PenaltyCase")
    for pk, digest in PenaltyCase.objects.using(alias).exclude(rights_waiver_sha256=None).values_list(
            "pk", "rights_waiver_sha256"):
        name = f"waivers/{digest}"
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as fh:
                PenaltyCase.objects.using(alias).filter(pk=pk).update(rights_waiver_file=fh.read())


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_rights_waiver")]

    operations = [
        migrations.RunPython(_lift, _restore),
        migrations.AddField(
            model_name="penaltycase",
            name="rights_waiver_sha256",
            field=models.CharField(blank=True, max_length=64, null=True, verbose_name="放弃声明扫描件 SHA-256"),
        ),
        migrations.RunPython(files_out, files_in),
        migrations.RemoveField(model_name="penaltycase", name="rights_waiver_file"),
        migrations.RunPython(_restore, _lift),
    ]
