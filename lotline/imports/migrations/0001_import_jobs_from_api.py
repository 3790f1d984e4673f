# The import job model moves here from the api app, where it started out because this app had no models.
# The table already exists (api 0002): the model is only added to this app's state, then the table takes
# this app's name. api 0003 removes the model from the api app's state, without touching the table.

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("api", "0002_webhooks_import_jobs"),
        ("core", "0004_redundant_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ImportJob",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("uid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ("kind", models.CharField(max_length=20, verbose_name="kind")),
                        ("filename", models.CharField(max_length=200, verbose_name="file")),
                        ("data", models.BinaryField()),
                        ("mapping", models.JSONField(blank=True, default=dict, verbose_name="column mapping")),
                        (
                            "mode",
                            models.CharField(
                                choices=[("dry_run", "dry run"), ("commit", "commit")],
                                default="dry_run",
                                max_length=8,
                                verbose_name="mode",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "queued"),
                                    ("running", "running"),
                                    ("done", "done"),
                                    ("failed", "failed"),
                                ],
                                default="queued",
                                max_length=8,
                                verbose_name="status",
                            ),
                        ),
                        ("done", models.PositiveIntegerField(default=0)),
                        ("total", models.PositiveIntegerField(default=0)),
                        ("report", models.JSONField(blank=True, null=True, verbose_name="report")),
                        (
                            "created_at",
                            models.DateTimeField(default=django.utils.timezone.now, verbose_name="created"),
                        ),
                        ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished")),
                        (
                            "dry_run_of",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="imports.importjob",
                            ),
                        ),
                        (
                            "site",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.site"
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "import job",
                        "db_table": "api_importjob",
                        "ordering": ["-created_at", "-id"],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="importjob", table=None),
    ]
