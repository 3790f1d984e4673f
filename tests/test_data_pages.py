"""The /data/ page: a dry run names every bad row (row, column, reason); commit is all or nothing; large
files run in the background with a progress endpoint; templates, exports, EPCIS and FSMA downloads."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lotline.core.models import Event, Lot
from lotline.core.services import consume
from lotline.imports import jobs
from lotline.imports.models import ImportJob
from tests.core_fixtures import fast_password_hashing, receive_lot  # noqa: F401
from tests.test_core_recall_scope import make_plant_history

GOOD = (
    "Charge;item;quantity;unit;received_at;supplier;supplier_lot;delivery_ref\n"
    "L-1;STEEL;100;kg;2026-03-01 08:00;STEELCO;H1;DN-7\n"
    "L-2;STEEL;50;kg;2026-03-01 08:05;STEELCO;H2;DN-7\n"
)
BAD = (
    GOOD
    + "L-3;STEEL;-5;furlong;2026-03-01 08:10;STEELCO;H3;DN-7\n"
    + "L-4;NOPE;5;kg;2026-03-01 08:15;STEELCO;H4;DN-7\n"
)


def as_role(user, role: str) -> Client:
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def supervisor(plant):
    return as_role(plant.supervisor, "supervisor")


def upload(client: Client, text: str, kind: str = "opening_stock", name: str = "stock.csv", **mapping):
    form = {"kind": kind, "file": SimpleUploadedFile(name, text.encode())}
    for index, (theirs, ours) in enumerate(mapping.items()):
        form[f"map_from_{index}"], form[f"map_to_{index}"] = theirs, ours
    response = client.post("/data/import/", form)
    assert response.status_code == 302, response.content
    return response["Location"]


def test_the_page_lists_kinds_templates_and_exports(plant, supervisor):
    page = supervisor.get("/data/").content.decode()
    for piece in ("Opening stock lots", "/data/template/opening_stock.xlsx", "/data/export/shipments.csv"):
        assert piece in page
    assert as_role(plant.operator, "operator").get("/data/").status_code == 403


def test_a_dry_run_names_every_bad_row_and_writes_nothing(plant, supervisor):
    job_url = upload(supervisor, BAD, Charge="lot_number")
    page = supervisor.get(job_url).content.decode()
    job = ImportJob.objects.get()
    assert (job.mode, job.status, job.mapping) == ("dry_run", "done", {"Charge": "lot_number"})
    errors = [(e["row"], e["column"], e["code"]) for e in job.report["errors"]]
    assert errors == [
        (4, "quantity", "negative_quantity"),
        (4, "unit", "unknown_unit"),
        (5, "item", "unknown_item"),
    ]
    assert 'id="row-errors"' in page and "<td>5</td><td>item</td><td>No item NOPE.</td>" in page
    assert "Commit the import" not in page
    assert Lot.objects.count() == 0 and Event.objects.count() == 0


def test_a_clean_dry_run_then_commit_imports_every_row(plant, supervisor):
    dry = upload(supervisor, GOOD, Charge="lot_number")
    assert "Commit the import" in supervisor.get(dry).content.decode()
    assert Lot.objects.count() == 0
    dry_job = ImportJob.objects.get()
    committed = supervisor.post(f"/data/import/{dry_job.uid}/commit/")
    job = ImportJob.objects.get(mode="commit")
    assert committed["Location"] == f"/data/import/{job.uid}/"
    assert (job.report["committed"], job.report["created"], job.dry_run_of) == (True, 2, dry_job)
    assert sorted(Lot.objects.values_list("number", "supplier_lot")) == [("L-1", "H1"), ("L-2", "H2")]
    assert "Imported: 2 records written." in supervisor.get(f"/data/import/{job.uid}/").content.decode()
    # Commit pressed again (Back, or a double click): the same job, not a second one reporting "0 created".
    again = supervisor.post(f"/data/import/{dry_job.uid}/commit/")
    assert again["Location"] == f"/data/import/{job.uid}/"
    assert ImportJob.objects.filter(mode="commit").count() == 1


def test_commit_is_all_or_nothing(plant, supervisor):
    s1 = receive_lot(plant, "S1", "10")
    wo = plant.work_order()
    sheet = (
        "work_order;lot;quantity;consumed_at\n"
        f"{wo.number};S1;4;2026-03-02 09:00\n"
        f"{wo.number};S1;4;2026-03-02 09:10\n"
    )
    upload(supervisor, sheet, kind="consumptions")
    dry_job = ImportJob.objects.get()
    assert dry_job.report["ok"], dry_job.report
    # Between the dry run and the commit, the floor uses most of the lot: the second row no longer fits.
    consume(plant.ctx(work_order=wo), lot=s1, quantity=5)
    before = Event.objects.count()
    supervisor.post(f"/data/import/{dry_job.uid}/commit/")
    job = ImportJob.objects.get(mode="commit")
    assert (job.report["committed"], [(e["row"], e["code"]) for e in job.report["errors"]]) == (
        False,
        [(3, "insufficient_stock")],
    )
    assert Event.objects.count() == before  # the first row, which fitted, was rolled back too
    page = supervisor.get(f"/data/import/{job.uid}/").content.decode()
    assert "Nothing was imported: every row or none." in page


def test_a_dry_run_with_errors_cannot_be_committed_and_operators_never_commit(plant, supervisor):
    upload(supervisor, BAD, Charge="lot_number")
    bad = ImportJob.objects.get()
    supervisor.post(f"/data/import/{bad.uid}/commit/")
    assert not ImportJob.objects.filter(mode="commit").exists()
    operator = as_role(plant.operator, "operator")
    assert operator.post(f"/data/import/{bad.uid}/commit/").status_code == 403


def test_someone_elses_job_is_not_found(plant, supervisor):
    upload(supervisor, GOOD, Charge="lot_number")
    job = ImportJob.objects.get()
    User = type(plant.operator)
    other = as_role(User.objects.create_user("vic"), "supervisor")
    assert other.get(f"/data/import/{job.uid}/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_large_file_runs_in_the_background_and_reports_progress(plant, supervisor, monkeypatch):
    """The background thread has its own connection, so the test commits (transaction=True) as production
    does; the SQLite test database is a file so that thread waits for locks instead of failing."""
    monkeypatch.setattr(jobs, "BACKGROUND_BYTES", 0)
    rows = "".join(f"L-{n};STEEL;1;kg;2026-03-01 08:00;STEELCO;H{n};DN-{n}\n" for n in range(300))
    job_url = upload(supervisor, GOOD.splitlines()[0] + "\n" + rows, Charge="lot_number")
    first = supervisor.get(job_url).content.decode()
    assert 'id="import-bar"' in first
    job = ImportJob.objects.get()
    deadline = time.monotonic() + 90  # generous: CI machines are shared
    seen = []
    while time.monotonic() < deadline:
        fragment = supervisor.get(f"/data/import/{job.uid}/progress/").content.decode()
        seen.append(fragment)
        if 'id="import-report"' in fragment:
            break
        assert 'hx-trigger="every 500ms"' in fragment  # still polling
        time.sleep(0.1)
    assert 'value="100"' in seen[-1] and "All 300 rows are fine." in seen[-1]
    assert "hx-trigger" not in seen[-1]  # the finished bar stops polling
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 300, 300)
    assert not jobs.progress_path(job).exists()
    assert Lot.objects.count() == 0


def test_templates_and_exports_download(plant, supervisor):
    make_plant_history(plant)
    template = supervisor.get("/data/template/shipments.csv")
    assert template["Content-Disposition"] == 'attachment; filename="lotline-template-shipments.csv"'
    assert template.content.decode("utf-8-sig").strip() == "document,customer,lot,quantity,unit,shipped_at"
    export = supervisor.get("/data/export/shipments.xlsx")
    assert export.content[:2] == b"PK"
    lines = supervisor.get("/data/export/shipments.csv").content.decode("utf-8-sig").splitlines()
    assert [line.split(",")[:4] for line in lines[1:]] == [
        ["INV-1", "BIKES", "F1", "12"],
        ["INV-2", "CARS", "F1", "5"],
        ["INV-3", "CARS", "F2", "30"],
    ]
    assert supervisor.get("/data/export/nope.csv").status_code == 404


def test_desk_lists_export_their_filtered_rows(plant, supervisor):
    make_plant_history(plant)
    sheet = supervisor.get("/desk/lots/", {"origin": "received", "export": "csv", "page": "2"})
    assert sheet["Content-Disposition"] == 'attachment; filename="lotline-lots.csv"'
    rows = [line.split(",")[0] for line in sheet.content.decode("utf-8-sig").splitlines()]
    assert rows == ["lot", "S2", "S3", "S1"]
    page = supervisor.get("/desk/lots/", {"origin": "received"}).content.decode()
    assert "?origin=received&amp;export=xlsx" in page
    for path in ("/desk/work-orders/", "/desk/shipments/", "/desk/deliveries/"):
        assert supervisor.get(path, {"export": "xlsx"}).content[:2] == b"PK", path
    shipments = supervisor.get("/desk/shipments/", {"customer": "CARS", "export": "csv"})
    assert [line.split(",")[0] for line in shipments.content.decode("utf-8-sig").splitlines()] == [
        "document",
        "INV-3",
        "INV-2",
    ]


def test_epcis_export_and_an_import_report(plant, supervisor):
    make_plant_history(plant)
    document = supervisor.get("/data/epcis/export/", {"format": "json", "since": "2026-03-02"})
    assert document["Content-Type"] == "application/ld+json"
    assert b'"type":"EPCISDocument"' in document.content.replace(b" ", b"")
    assert supervisor.get("/data/epcis/export/", {"format": "xml"}).content.lstrip().startswith(b"<?xml")
    broken = document.content.replace(b'"eventTime"', b'"eventTime_"', 1)
    report = supervisor.post(
        "/data/epcis/import/", {"file": SimpleUploadedFile("partner.json", broken)}
    ).content.decode()
    assert 'id="epcis-report"' in report and "partner.json was not imported; nothing was written." in report
    assert "<td>0</td><td>schema</td>" in report


def test_fsma_spreadsheet_and_completeness_report(plant, supervisor):
    plant.shaft.is_food = True
    plant.shaft.save()
    make_plant_history(plant)
    sheet = supervisor.get("/data/fsma/", {"product": "SHAFT", "format": "csv", "since": "2026-03-02"})
    lines = sheet.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("event_type,traceability_lot_code")
    assert len(lines) > 1
    report = supervisor.get("/data/fsma/", {"product": "SHAFT", "format": "gaps"}).content.decode()
    assert "FSMA 204 KDE completeness: SHAFT" in report
    assert 'id="gaps"' in report  # the test plant's parties have no addresses
    unknown = supervisor.get("/data/fsma/", {"product": "NOPE", "format": "csv"}, follow=True)
    assert unknown.redirect_chain == [("/data/", 302)]
    assert "No item NOPE; give the code of an item (product)." in unknown.content.decode()


def test_a_job_whose_worker_died_is_reported_failed_not_polled_forever(plant, supervisor):
    """A worker restart kills the import's thread mid-run; the page must end the bar and say so."""
    from datetime import timedelta

    from django.utils import timezone

    upload(supervisor, GOOD, Charge="lot_number")
    finished = ImportJob.objects.get()

    def running(started_at):
        return ImportJob.objects.create(
            kind="opening_stock",
            filename="big.csv",
            data=b"",
            status=ImportJob.Status.RUNNING,
            user=plant.supervisor,
            site=finished.site,
            created_at=started_at,
        )

    stuck = running(timezone.now() - timedelta(minutes=30))
    recent = running(timezone.now())
    fragment = supervisor.get(f"/data/import/{stuck.uid}/progress/").content.decode()
    assert 'id="import-failed"' in fragment and "hx-trigger" not in fragment
    assert "stopped without finishing" in fragment and "Nothing was written; run it again." in fragment
    stuck.refresh_from_db()
    assert (stuck.status, stuck.report["errors"][0]["code"]) == ("failed", "interrupted")
    # Still reporting (or just started): left alone, still polled.
    assert (
        'hx-trigger="every 500ms"' in supervisor.get(f"/data/import/{recent.uid}/progress/").content.decode()
    )
    recent.refresh_from_db()
    assert recent.status == "running"
    finished.refresh_from_db()
    assert jobs.abandon_if_stale(finished).status == "done"


def test_files_of_long_finished_jobs_are_dropped_and_their_reports_kept(plant, supervisor):
    from datetime import timedelta

    from django.utils import timezone

    upload(supervisor, GOOD, Charge="lot_number")
    old = ImportJob.objects.get()
    assert old.status == "done" and bytes(old.data)
    ImportJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=31))
    upload(supervisor, GOOD, Charge="lot_number")  # any new upload tidies up
    old.refresh_from_db()
    newest = ImportJob.objects.latest("created_at")
    assert (bytes(old.data), old.report["ok"], bytes(newest.data) != b"") == (b"", True, True)
    response = supervisor.post(f"/data/import/{old.uid}/commit/", follow=True)
    assert "This dry run&#x27;s file is no longer kept; upload it again." in response.content.decode()
    assert ImportJob.objects.filter(mode="commit").count() == 0
