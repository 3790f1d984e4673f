"""The imports app's one model: a spreadsheet import job (see jobs.py)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """A spreadsheet import started from the /data/ page: the uploaded file, its dry run or commit, and the
    report. The web page and a background thread share it through the database, which (unlike Django's
    per-process memory cache) every gunicorn worker sees."""

    class Mode(models.TextChoices):
        DRY_RUN = "dry_run", _("dry run")
        COMMIT = "commit", _("commit")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20)
    filename = models.CharField(_("file"), max_length=200)
    data = models.BinaryField()
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices, default=Mode.DRY_RUN)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    report = models.JSONField(_("report"), null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey("core.Site", on_delete=models.CASCADE, related_name="+")
    # The dry run this commit repeats (a commit is only offered for a clean dry run of the same file).
    dry_run_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import job")

    def __str__(self) -> str:
        return f"{self.kind} {self.filename} ({self.mode}, {self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
