import django.db.models.deletion
from django.db import migrations, models


def snapshots_from_tasks(apps, schema_editor):
    """Committed pools move from the task row to a PoolSnapshot; draws made before keep their full record."""
    import json

    from anjian.domain.draw_pool import pool_from_lines

    task_model = apps.get_model("draws", "RandomInspectionTask")
    snapshot_model = apps.get_model("draws", "PoolSnapshot")
    for task in task_model.objects.exclude(committed_pool_text="").iterator():
        pairs = pool_from_lines(task.committed_pool_text)[0]
        runs: list[list] = []
        for label, _ in pairs:
            if runs and runs[-1][0] == label:
                runs[-1][1] += 1
            else:
                runs.append([label, 1])
        snapshot = snapshot_model.objects.create(
            task=task, digest=task.committed_pool_digest, size=len(pairs), runs=runs,
            ids="\n".join(i for _, i in pairs), excluded_json=json.dumps(task.committed_excluded, ensure_ascii=False))
        task_model.objects.filter(pk=task.pk).update(pool_snapshot=snapshot)


def lz4_where_available(apps, schema_editor):
    """A committed pool is ~15 MB of text at 1,000,000 candidates: lz4 stores and reads it several times faster
    than PostgreSQL's default pglz (when the server is built with lz4)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)")
        if cur.fetchone():
            cur.execute("ALTER TABLE draws_poolsnapshot ALTER COLUMN ids SET COMPRESSION lz4, "
                        "ALTER COLUMN excluded_json SET COMPRESSION lz4")


class Migration(migrations.Migration):

    dependencies = [
        ('draws', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='PoolSnapshot',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('digest', models.CharField(max_length=64, verbose_name='对象库摘要')),
                ('size', models.PositiveIntegerField(default=0, verbose_name='对象数')),
                ('runs', models.JSONField(default=list, verbose_name='各类别对象数（按规范顺序）')),
                ('ids', models.TextField(blank=True, verbose_name='对象编号')),
                ('excluded_json', models.TextField(default='[]', verbose_name='排除对象及原因（JSON）')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='公布时间')),
                ('task', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='pool_snapshots', to='draws.randominspectiontask')),
            ],
            options={
                'verbose_name': '公布的对象库',
                'verbose_name_plural': '公布的对象库',
                'ordering': ['task_id', 'id'],
            },
        ),
        migrations.AddField(
            model_name='draw',
            name='pool_snapshot',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='draws', to='draws.poolsnapshot', verbose_name='对象库'),
        ),
        migrations.AddField(
            model_name='randominspectiontask',
            name='pool_snapshot',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='draws.poolsnapshot', verbose_name='公布的对象库'),
        ),
        migrations.RunPython(lz4_where_available, migrations.RunPython.noop),
        migrations.RunPython(snapshots_from_tasks, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='randominspectiontask',
            name='committed_excluded',
        ),
        migrations.RemoveField(
            model_name='randominspectiontask',
            name='committed_pool_text',
        ),
    ]
