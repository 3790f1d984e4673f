# ruff: noqa: E501, F811  (golden tables are wider than a code line; `flow` is a fixture imported from test_cli)
"""The CLI review's fixes: refusals exit 2 with one line (no traceback), failures of a run exit 1,
back-dated events before a lot existed, case-insensitive delivery notes, one line per link in a trace."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from lotline.core.models import Event, Lot
from lotline.recall.models import Drill
from tests.test_cli import flow, refused, run, without_timing  # noqa: F401

STEEL = "STEEL-260302-0013"


def receive_args(*extra: str) -> list[str]:
    return [
        "receive",
        "--item",
        "STEEL",
        "--qty",
        "5",
        "--supplier",
        "STEELCO",
        "--supplier-lot",
        "H9",
        "--delivery",
        "DN-9",
        *extra,
    ]


def test_impossible_dates_and_times_are_refusals_not_tracebacks(flow):
    events = Event.objects.count()
    assert (
        refused(*receive_args("--expires", "2026-13-01"))
        == "--expires takes a date YYYY-MM-DD, not 2026-13-01."
    )
    assert refused(*receive_args("--expires", "someday")) == "--expires takes a date YYYY-MM-DD, not someday."
    assert refused(*receive_args("--at", "2026-02-30T08:00")) == (
        "2026-02-30T08:00 is not an ISO date or time (2026-11-02T06:00)."
    )
    assert refused(
        "consume", "--work-order", "WO-002", "--lot", STEEL, "--qty", "1", "--at", "2026-03-02T25:00"
    ) == ("2026-03-02T25:00 is not an ISO date or time (2026-11-02T06:00).")
    assert refused("recall", "--machine", "CNC1", "--from", "2026-13-01", "--to", "2026-13-02") == (
        "2026-13-01 is not an ISO date or time (2026-11-02T06:00)."
    )
    assert refused("trace", "back", STEEL, "--depth", "100000") == (
        "--depth takes at most 1000 steps; leave it out for the whole trace."
    )
    assert Event.objects.count() == events


def test_a_back_dated_consume_or_ship_before_the_lot_existed_is_refused(flow):
    events = Event.objects.count()
    received = (
        "Lot STEEL-260302-0013 was received on 2026-03-02 07:00; an event before that time cannot involve it."
    )
    assert (
        refused("consume", "--work-order", "WO-002", "--lot", STEEL, "--qty", "1", "--at", "2026-01-01T08:00")
        == received
    )
    assert (
        refused(
            "produce",
            "--work-order",
            "WO-002",
            "--qty",
            "1",
            "--input",
            f"{STEEL}=1",
            "--at",
            "2026-03-02T06:54",
        )
        == received
    )
    assert refused(
        "ship",
        "--customer",
        "BIKES",
        "--document",
        "INV-9",
        "--lot",
        "SHAFT-260302-001V=1",
        "--at",
        "2025-06-01",
    ) == ("Lot SHAFT-260302-001V was made on 2026-03-02 09:30; an event before that time cannot involve it.")
    assert Event.objects.count() == events


def test_drill_refusals_exit_2_and_record_nothing(flow):
    assert (
        refused("drill", "--target-seconds", "-1")
        == "--target-seconds takes whole seconds from 1 to 86400, not -1."
    )
    assert (
        refused("drill", "--target-seconds", "soon")
        == "--target-seconds takes whole seconds from 1 to 86400, not soon."
    )
    assert refused("drill", "--lot", "NOPE") == "No lot NOPE is known here."
    assert not Drill.objects.exists()


def test_drill_without_a_produced_lot_is_refused(plant):
    assert refused("drill") == "There is no produced lot to run a drill on."


def test_a_drill_that_ran_and_failed_exits_1(flow):
    # A produced lot with no inputs at all: a hole in the genealogy, so the drill runs and fails.
    lot = Lot.objects.create(
        number="ORPHAN", item=flow.shaft, site=flow.site, origin=Lot.Origin.PRODUCED, created_at=flow.clock
    )
    with pytest.raises(SystemExit) as failed:
        run("drill", "--lot", lot.number.lower())
    assert failed.value.code == 1
    assert Drill.objects.get().lot == lot


def test_recall_export_refusals_exit_2(flow, tmp_path):
    assert refused("recall_export", "--lot", "NOPE") == "No lot NOPE is known here."
    assert refused("recall_export", "--case", "RC-NOPE") == "No recall case RC-NOPE."
    assert refused("recall_export") == "Give --case or --lot."
    missing = tmp_path / "no-such-dir" / "scope.csv"
    assert refused("recall_export", "--lot", STEEL, "-o", str(missing)) == (
        f"Cannot write {missing}: No such file or directory."
    )


def test_import_data_with_bad_rows_is_refused_with_exit_2(plant, tmp_path):
    sheet = tmp_path / "items.csv"
    sheet.write_text("code,name,kind,unit\nNUT,Nut,raw,furlong\n")
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_data", "items", str(sheet), stdout=out, stderr=io.StringIO())
    assert error.value.returncode == 2
    assert str(error.value).startswith("1 rows, 1 errors — refused, nothing written (")
    assert "furlong" in out.getvalue()
    assert refused("import_data", "items", str(tmp_path / "none.csv")) == f"No file {tmp_path / 'none.csv'}."
    assert refused("import_data", "items", str(sheet), "--user", "nobody") == "No user nobody."


def test_delivery_notes_are_case_insensitive_and_an_unknown_supplier_is_named(flow):
    body, _last = without_timing(run("recall", "--delivery", "dn-1"))
    assert body.splitlines()[0] == "Recall scope: SteelCo delivery DN-1"
    assert refused("recall", "--delivery", "dn-1", "--supplier", "NOPE") == "No supplier NOPE is known here."
    assert (
        refused("recall", "--delivery", "DN-1", "--supplier", "acme")
        == "No delivery DN-1 from supplier ACME."
    )
    body, _last = without_timing(run("recall", "--delivery", "DN-1", "--supplier", "steelco"))
    assert body.splitlines()[0] == "Recall scope: SteelCo delivery DN-1"


def test_trace_shows_each_input_output_pair_once(flow):
    wo = flow.work_order(item=flow.shaft)
    for at in ("2026-03-02T12:00", "2026-03-02T12:10", "2026-03-02T12:20"):
        run("consume", "--work-order", wo.number, "--lot", STEEL, "--qty", "10", "--at", at)
    out = run("produce", "--work-order", wo.number, "--qty", "5", "--at", "2026-03-02T13:00").strip()

    body, last = without_timing(run("trace", "back", out))
    links = body.split("Links\n")[1].split("\n\n")[0]
    assert links == (
        "input              output             qty  unit  work_order  basis     ambiguous\n"
        "-----------------  -----------------  ---  ----  ----------  --------  ---------\n"
        # An implicit link's share of the consumptions is unknown: no quantity, whatever the scans.
        f"STEEL-260302-0013  {out}             WO-003      implicit"
    )
    assert last == "lots: 2, links: 1 (ambiguous: 0); … ms"
