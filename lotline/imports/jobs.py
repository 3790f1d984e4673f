"""Import jobs, as the /data/ page runs them: upload → dry run (every bad row by row, column, reason) →
commit (all or nothing), with a progress bar for large files. The page only calls these functions.

A large file runs in a background thread and the page polls /data/import/<id>/progress/ every 500 ms. The
job (file, status, final report) is an ImportJob row, which every gunicorn worker sees. Progress during the
run cannot go through the database: the import holds one transaction open for the whole file (that is what
makes it all-or-nothing), SQLite allows one writer at a time, and a write inside that transaction would be
invisible until it ends. So the running thread writes "done total" to a small file under LOTLINE_DATA_DIR
(shared by the workers of one host) and the poll reads it.
"""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotline.core.roles import ADMIN

from . import runner
from .models import ImportJob

# Files larger than this run in a background thread with a progress bar; smaller ones answer at once.
BACKGROUND_BYTES = 100_000
# A job that has not reported progress for this long is dead (see abandon_if_stale).
STALE_AFTER = timedelta(minutes=10)
# Uploaded files are kept this long after their job ended (to commit a dry run, or look back), then
# dropped; the job and its report stay. The ledger, not the file, is the record of what was imported.
KEEP_FILES = timedelta(days=30)


def may_commit(user) -> bool:
    """Committing an import writes the ledger: supervisors (hold/release) and admins."""
    return user.has_perm("core.hold_release") or user.is_superuser or user.groups.filter(name=ADMIN).exists()


def progress_path(job: ImportJob) -> Path:
    return Path(settings.DATA_DIR) / "import-progress" / str(job.uid)


def write_progress(path: Path, done: int, total: int) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(f"{done} {total}")
    os.replace(temporary, path)  # atomic: a poll never reads half a line


def abandon_if_stale(job: ImportJob) -> ImportJob:
    """Mark a job failed when it stopped without finishing — its worker restarted or was killed mid-run.

    A running import reports progress every few thousand rows; silence for STALE_AFTER means its thread is
    gone. Nothing was written (the import is one transaction, rolled back with the dead process), and
    without this the page would poll a progress bar that never moves.
    """
    if job.status not in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING):
        return job
    try:
        last_sign = datetime.fromtimestamp(progress_path(job).stat().st_mtime, UTC)
    except OSError:
        last_sign = job.created_at
    now = timezone.now()
    if now - last_sign < STALE_AFTER:
        return job
    message = _(
        "The import stopped without finishing (was the server restarted?). Nothing was written; run it again."
    )
    ImportJob.objects.filter(pk=job.pk, status=job.status).update(
        status=ImportJob.Status.FAILED,
        report={"errors": [{"row": 0, "column": "", "code": "interrupted", "message": message}], "ok": False},
        finished_at=now,
    )
    progress_path(job).unlink(missing_ok=True)
    job.refresh_from_db()
    return job


def read_progress(job: ImportJob) -> tuple[int, int]:
    """(done, total) of a job: from the database once it ended, else from its progress file."""
    if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
        return job.done, job.total
    try:
        done, total = progress_path(job).read_text().split()
        return int(done), int(total)
    except (OSError, ValueError):
        return 0, 0


def run_job(job_id: int) -> None:
    """Run a job's dry run or commit and store the report (in the request, or in a background thread)."""
    job = ImportJob.objects.select_related("site", "user").get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    path = progress_path(job)
    path.parent.mkdir(parents=True, exist_ok=True)
    run = runner.commit if job.mode == ImportJob.Mode.COMMIT else runner.dry_run
    try:
        report = run(
            job.kind,
            bytes(job.data),
            job.filename,
            job.mapping or None,
            site=job.site,
            user=job.user,
            progress=lambda done, total: write_progress(path, done, total),
        )
        result = report.to_dict()
        status = ImportJob.Status.DONE
    except Exception as exc:  # the page must say the job ended, whatever happened in it
        result = {"errors": [{"row": 0, "column": "", "code": "crashed", "message": str(exc)}], "ok": False}
        status = ImportJob.Status.FAILED
    rows = int(result.get("rows", 0))
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, report=result, done=rows, total=rows, finished_at=timezone.now()
    )
    path.unlink(missing_ok=True)


def run_in_background(job_id: int) -> None:
    try:
        run_job(job_id)
    finally:
        connection.close()  # this thread's own connection; the request's stays untouched


def start(job: ImportJob) -> None:
    if len(job.data) > BACKGROUND_BYTES:
        threading.Thread(
            target=run_in_background, args=(job.pk,), daemon=True, name=f"import-{job.uid}"
        ).start()
    else:
        run_job(job.pk)


def drop_old_files() -> int:
    """Empty the files of jobs that ended more than KEEP_FILES ago; returns how many."""
    ended = [ImportJob.Status.DONE, ImportJob.Status.FAILED]
    old = ImportJob.objects.filter(status__in=ended, finished_at__lt=timezone.now() - KEEP_FILES)
    return old.exclude(data=b"").update(data=b"")


def new_job(*, kind: str, filename: str, data: bytes, mapping: dict[str, str], user, site) -> ImportJob:
    """Store an uploaded file as a dry-run job and start it."""
    drop_old_files()
    job = ImportJob.objects.create(
        kind=kind,
        filename=filename,
        data=data,
        mapping=mapping,
        mode=ImportJob.Mode.DRY_RUN,
        user=user,
        site=site,
    )
    start(job)
    return job


def commit_job(dry_run: ImportJob, *, user, site) -> ImportJob:
    """Repeat a clean dry run for real, on the same bytes and mapping."""
    if dry_run.mode != ImportJob.Mode.DRY_RUN or not (dry_run.report or {}).get("ok"):
        raise ValueError(_("Only a dry run without errors can be committed."))
    if not dry_run.data:
        raise ValueError(_("This dry run's file is no longer kept; upload it again."))
    with transaction.atomic():
        # The dry run's row, locked, makes a second press of Commit (a double click, Back and Commit
        # again) wait and then find the first one's job instead of starting another.
        ImportJob.objects.select_for_update().filter(pk=dry_run.pk).first()
        earlier = ImportJob.objects.filter(dry_run_of=dry_run, mode=ImportJob.Mode.COMMIT).first()
        if earlier is not None:
            return earlier
        job = ImportJob.objects.create(
            kind=dry_run.kind,
            filename=dry_run.filename,
            data=bytes(dry_run.data),
            mapping=dry_run.mapping,
            mode=ImportJob.Mode.COMMIT,
            user=user,
            site=site,
            dry_run_of=dry_run,
        )
    start(job)
    return job
