# The import job model now belongs to the imports app (imports 0001 took over the table); remove it from
# this app's state only.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_webhooks_import_jobs"),
        ("imports", "0001_import_jobs_from_api"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="ImportJob")]),
    ]
