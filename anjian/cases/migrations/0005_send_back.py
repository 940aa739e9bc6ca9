"""A case's filing can be sent back to its proposer: status 'returned' (ADR 0027). The status check is rebuilt;
on SQLite that rebuilds the table, so the archived-case guard is taken off around it and put back."""

from django.db import migrations, models

from anjian.audit.guard import guard_install, guard_uninstall
from anjian.cases.guard_sql import GUARD


def _lift(apps, schema_editor):
    guard_uninstall(GUARD, schema_editor.connection)


def _restore(apps, schema_editor):
    guard_install(GUARD, schema_editor.connection)


STATUSES = ['filing', 'returned', 'investigating', 'investigated', 'legal_review', 'discussion', 'notified',
            'hearing', 'decided', 'executing', 'transferred', 'closed', 'archived', 'not_filed']


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0004_archived_guard_every_row'),
    ]

    operations = [
        migrations.RunPython(_lift, _restore),
        migrations.RemoveConstraint(
            model_name='penaltycase',
            name='case_status_valid',
        ),
        migrations.AlterField(
            model_name='penaltycase',
            name='status',
            field=models.CharField(choices=[('filing', '立案审批中'), ('returned', '立案申请已退回'), ('investigating', '调查取证'), ('investigated', '调查终结'), ('legal_review', '法制审核'), ('discussion', '集体讨论'), ('notified', '已告知'), ('hearing', '听证'), ('decided', '已决定'), ('executing', '执行中'), ('transferred', '已移送'), ('closed', '已结案'), ('archived', '已归档'), ('not_filed', '不予立案')], default='filing', max_length=14, verbose_name='状态'),
        ),
        migrations.AddConstraint(
            model_name='penaltycase',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', STATUSES)), name='case_status_valid'),
        ),
        migrations.RunPython(_restore, _lift),
    ]
