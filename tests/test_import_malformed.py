"""Hypothesis: whatever is in the cells (or the file), the importer answers with a report, never a crash."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lotline.imports.kinds import KINDS
from lotline.imports.runner import dry_run

CELL = st.one_of(
    st.text(max_size=25),
    st.sampled_from(
        [
            "",
            "-1",
            "0",
            "1e400",
            "NaN",
            "inf",
            "12,5",
            "2026-02-30",
            "2026-03-01 25:00",
            "kg",
            "KG",
            "S1",
            "STEEL",
            "WO-1",
            "BIKES",
            "yes",
            "9999999999999999999999",
            "0.0000001",
            "=1+1",
        ]
    ),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def sheet(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


@SLOW
@given(kind=st.sampled_from(sorted(KINDS)), data=st.data())
def test_malformed_rows_never_crash(plant, kind, data):
    header = KINDS[kind].header
    rows = data.draw(st.lists(st.lists(CELL, min_size=len(header), max_size=len(header)), max_size=6))
    report = dry_run(kind, sheet(header, rows), f"{kind}.csv", site=plant.site)
    assert all(error.row >= 2 and error.code for error in report.errors)
    assert not report.committed


@SLOW
@given(blob=st.binary(max_size=300), name=st.sampled_from(["x.csv", "x.xlsx", "x.ods", "x.txt"]))
def test_any_file_gives_a_report(plant, blob, name):
    report = dry_run("items", blob, name, site=plant.site)
    assert report.errors  # an arbitrary blob is never a valid item sheet


def test_a_nul_character_is_named_not_a_crash(plant):
    """PostgreSQL refuses NUL in text; the importer names the cell instead (hypothesis found this)."""
    header = KINDS["machines"].header
    row = ["M9", "Press", "", "pre\x00ss", ""][: len(header)]
    report = dry_run("machines", sheet(header, [row]), "machines.csv", site=plant.site)
    assert [(e.row, e.column, e.code) for e in report.errors] == [(2, header[3], "bad_character")]
    assert report.errors[0].message == "The cell contains a NUL character (0x00); remove it."
