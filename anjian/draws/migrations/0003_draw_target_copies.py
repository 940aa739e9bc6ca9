import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('draws', '0002_pool_snapshots'),
        ('regions', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='drawtarget',
            name='agency',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.agency'),
        ),
        migrations.AlterField(
            model_name='drawtarget',
            name='task',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='draws.randominspectiontask'),
        ),
    ]
