"""The /data/ page's EPCIS and FSMA downloads refuse a bad day window with 400 and a plain message naming the
field — never a 500 (a day whose window overflows in UTC) nor a bare "There is nothing here" 404; and an
EPCIS upload the JSON parser cannot even read is reported, not a 500."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from lotline.interop.epcis_export import export_epcis
from lotline.interop.fsma_export import fsma_report
from tests.core_fixtures import fast_password_hashing  # noqa: F401
from tests.test_core_recall_scope import make_plant_history

OUT_OF_RANGE = "lies outside the years 1970–2100."


def refusal(response) -> str:
    """The refusal paragraph of the data page."""
    page = response.content.decode()
    start = page.index('role="alert">') + len('role="alert">')
    return page[start : page.index("</p>", start)]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since": "0001-01-01"}, f"“since”: 0001-01-01 {OUT_OF_RANGE}"),
        ({"until": "9999-12-31"}, f"“until”: 9999-12-31 {OUT_OF_RANGE}"),
        ({"since": "2026-02-30"}, "“since”: 2026-02-30 is not a date."),
        ({"until": "abc"}, "“until”: abc is not a date."),
        (
            {"since": "2026-03-10", "until": "2026-03-01"},
            "“until”: 2026-03-01 is before the “since” day, 2026-03-10.",
        ),
    ],
)
def test_epcis_export_refuses_a_bad_day_naming_the_field(plant, sam, fmt, query, message):
    response = sam.get("/data/epcis/export/", {"format": fmt, **query})
    assert response.status_code == 400
    assert refusal(response) == message
    assert 'id="epcis-refused"' in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "gaps"])
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"until": "9999-12-31"}, f"“until”: 9999-12-31 {OUT_OF_RANGE}"),
        ({"since": "0001-01-01"}, f"“since”: 0001-01-01 {OUT_OF_RANGE}"),
        ({"since": "abc"}, "“since”: abc is not a date."),
    ],
)
def test_fsma_refuses_a_bad_day_naming_the_field(plant, sam, fmt, query, message):
    response = sam.get("/data/fsma/", {"format": fmt, **query})
    assert response.status_code == 400
    assert refusal(response) == message
    page = response.content.decode()
    assert 'id="fsma-refused"' in page
    # The form keeps what was typed, so the user sees which value to fix.
    field, value = next(iter(query.items()))
    assert f'name="{field}" min="1970-01-01" max="2100-12-31" value="{value}" aria-invalid="true"' in page


def test_an_unknown_format_is_a_plain_400_not_a_404(plant, sam):
    fsma = sam.get("/data/fsma/", {"format": "pdf"})
    assert (fsma.status_code, refusal(fsma)) == (400, "“format”: pdf is not one of csv, xlsx, gaps.")
    epcis = sam.get("/data/epcis/export/", {"format": "csv"})
    assert (epcis.status_code, refusal(epcis)) == (400, "“format”: csv is not one of json, xml.")


def test_the_widest_window_still_exports(plant, sam):
    plant.shaft.is_food = True
    plant.shaft.save()
    make_plant_history(plant)
    window = {"since": "1970-01-01", "until": "2100-12-31"}
    document = sam.get("/data/epcis/export/", {"format": "xml", **window})
    assert document.status_code == 200 and document.content.count(b"<eventID>") == 14
    sheet = sam.get("/data/fsma/", {"format": "csv", "product": "SHAFT", **window})
    assert sheet.status_code == 200 and len(sheet.content.decode("utf-8-sig").splitlines()) == 6


def test_the_export_functions_refuse_a_bound_outside_the_plant_years(plant):
    """The CLI passes its own datetimes: year 1 at +01:00 lies before datetime.min in UTC (an overflow)."""
    from lotline.interop.epcis_export import WindowError

    early = datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1)))
    late = datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-5)))
    with pytest.raises(WindowError) as since:
        export_epcis("json", since=early)
    assert (since.value.field, since.value.message) == (
        "since",
        "“since”: 0001-01-01T00:30:00+01:00 lies outside the years 1970–2100.",
    )
    with pytest.raises(WindowError) as until:
        fsma_report(until=late)
    assert (until.value.field, until.value.message) == (
        "until",
        "“until”: 9999-12-31T23:00:00-05:00 lies outside the years 1970–2100.",
    )
    with pytest.raises(WindowError):
        export_epcis("xml", until=datetime(2101, 1, 1, 0, 0, 1, tzinfo=UTC))
    # until is exclusive: the first instant of 2101 ends a window covering all 2100 (no food item: no rows).
    rows, gaps = fsma_report(since=datetime(1970, 1, 1, tzinfo=UTC), until=datetime(2101, 1, 1, tzinfo=UTC))
    assert (rows, gaps) == ([], [])


def test_an_epcis_upload_nested_too_deeply_is_a_report_not_a_500(plant, sam):
    """Python's JSON parser gives up on "[[[[…" with a RecursionError before any schema check."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = sam.post("/data/epcis/import/", {"file": SimpleUploadedFile("deep.json", b"[" * 100_000)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "deep.json was not imported; nothing was written." in page
    assert (
        "<td>document</td><td>too_deep</td>"
        "<td>The document is nested too deeply to be an EPCIS document; nothing was written.</td>"
    ) in page
