"""Make the ledger tables append-only with database triggers (SQLite and PostgreSQL)."""

from django.db import migrations


def install(apps, schema_editor):
    from lotline.core import ledger_guard

    ledger_guard.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from lotline.core import ledger_guard

    ledger_guard.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
