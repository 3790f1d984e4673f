"""Spreadsheet imports stay at the sites the importing user works at. Found by a fuzz pass with a second
site KRK and a supervisor of WRO only: a machines import renamed KRK's machine and moved it to WRO, moved
WRO's SAW1 to KRK, and created a machine at KRK; a production could name KRK's machine. Each such row is
now refused by row and column, and nothing is written."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from lotline.core.models import Location, Machine, Site, WorkOrder
from lotline.imports import jobs
from lotline.imports.models import ImportJob
from lotline.imports.runner import commit, dry_run
from tests.core_fixtures import fast_password_hashing, ledger_counts  # noqa: F401

FUZZED = "code,name,site\nK-SAW,renamed by WRO,WRO\nSAW1,Band saw at KRK,KRK\nNEWK,New at KRK,KRK\n"
K_SAW_REFUSED = (
    2,
    "code",
    "site_not_allowed",
    "Machine K-SAW is at site KRK, where you do not work; it cannot be changed here.",
)
NOT_THERE = "You do not work at site KRK; a machine cannot be put there."


def user_at(username: str, role: str, *codes: str):
    user = get_user_model().objects.create_user(username, password="pw-12345678")
    user.groups.add(Group.objects.get(name=role))
    for code in codes:
        user.groups.add(Group.objects.get_or_create(name=f"site:{code}")[0])
    return user


@pytest.fixture
def krk(plant):
    """The plant's site is WRO; KRK is a second site with its own rack and saw."""
    plant.site.code = "WRO"
    plant.site.save()
    site = Site.objects.create(code="KRK", name="Kraków", timezone="Europe/Warsaw")
    Location.objects.create(site=site, code="K-RACK", is_default=True)
    Machine.objects.create(site=site, code="K-SAW", name="Saw at KRK")
    return site


def machines() -> list[tuple[str, str, str]]:
    return list(Machine.objects.order_by("code").values_list("code", "name", "site__code"))


BEFORE = [
    ("CNC1", "CNC lathe", "WRO"),
    ("K-SAW", "Saw at KRK", "KRK"),
    ("SAW1", "Band saw", "WRO"),
]


def problems(report) -> list[tuple[int, str, str, str]]:
    return [(e.row, e.column, e.code, e.message) for e in report.errors]


def sheet(text: str) -> bytes:
    return text.encode()


def test_the_fuzzed_machines_sheet_is_refused_row_by_row_on_the_data_page(plant, krk):
    sup_a = user_at("supA", "supervisor", "WRO")
    page = Client()
    page.force_login(sup_a)
    form = {"kind": "machines", "file": SimpleUploadedFile("machines.csv", FUZZED.encode())}
    job_url = page.post("/data/import/", form)["Location"]
    job = ImportJob.objects.get()
    assert [(e["row"], e["column"], e["code"], e["message"]) for e in job.report["errors"]] == [
        K_SAW_REFUSED,
        (3, "site", "site_not_allowed", NOT_THERE),
        (4, "site", "site_not_allowed", NOT_THERE),
    ]
    shown = page.get(job_url).content.decode()
    assert (
        "<td>3</td><td>site</td><td>You do not work at site KRK; a machine cannot be put there.</td>" in shown
    )
    assert "Commit the import" not in shown
    with pytest.raises(ValueError, match="Only a dry run without errors can be committed."):
        jobs.commit_job(job, user=sup_a, site=plant.site)
    assert machines() == BEFORE


def test_a_commit_refuses_the_same_rows_and_writes_nothing(plant, krk):
    sup_a = user_at("supA", "supervisor", "WRO")
    report = commit("machines", sheet(FUZZED), "machines.csv", site=plant.site, user=sup_a)
    assert (report.committed, report.created) == (False, 0)
    assert problems(report) == [
        K_SAW_REFUSED,
        (3, "site", "site_not_allowed", NOT_THERE),
        (4, "site", "site_not_allowed", NOT_THERE),
    ]
    assert machines() == BEFORE


def test_another_sites_machine_is_refused_even_without_a_site_column(plant, krk):
    sup_a = user_at("supA", "supervisor", "WRO")
    report = dry_run(
        "machines", sheet("Code,Name\nK-SAW,renamed by WRO\n"), "m.csv", site=plant.site, user=sup_a
    )
    assert problems(report) == [
        (2, "Code", "site_not_allowed", K_SAW_REFUSED[3]),
    ]


def test_machines_move_between_the_sites_one_works_at(plant, krk):
    both = user_at("both", "supervisor", "WRO", "KRK")
    report = commit("machines", sheet(FUZZED), "machines.csv", site=plant.site, user=both)
    assert (report.committed, problems(report)) == (True, [])
    assert machines() == [
        ("CNC1", "CNC lathe", "WRO"),
        ("K-SAW", "renamed by WRO", "WRO"),
        ("NEWK", "New at KRK", "KRK"),
        ("SAW1", "Band saw at KRK", "KRK"),
    ]


def test_an_admin_without_site_groups_and_the_command_line_reach_every_site(plant, krk):
    admin = user_at("ada", "admin")
    assert problems(dry_run("machines", sheet(FUZZED), "m.csv", site=plant.site, user=admin)) == []
    report = commit("machines", sheet(FUZZED), "m.csv", site=plant.site, user=None)
    assert (report.committed, problems(report)) == (True, [])


def test_an_import_at_a_site_the_user_does_not_work_at_is_refused_whole(plant, krk):
    sup_a = user_at("supA", "supervisor", "WRO")
    before = ledger_counts()
    stock = "lot_number,item,quantity\nK9,STEEL,5\n"
    report = commit("opening_stock", sheet(stock), "stock.csv", site=krk, user=sup_a)
    assert (report.committed, problems(report)) == (
        False,
        [(0, "", "site_not_allowed", "You do not work at site KRK; nothing can be imported there.")],
    )
    assert ledger_counts() == before


def test_import_data_as_a_user_of_another_site_exits_2(plant, krk, tmp_path):
    user_at("supA", "supervisor", "WRO")
    path = tmp_path / "machines.csv"
    path.write_text("code,name\nNEWK,New at KRK\n")
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_data", "machines", str(path), "--site", "KRK", "--user", "supA", stdout=out)
    assert refused.value.returncode == 2
    assert out.getvalue() == "You do not work at site KRK; nothing can be imported there.\n"
    assert machines() == BEFORE


def test_a_ledger_row_cannot_name_another_sites_machine(plant, krk):
    sup_a = user_at("supA", "supervisor", "WRO")
    before = ledger_counts()
    productions = "work_order,item,machine,quantity,produced_at\nWO-NEW,SHAFT,K-SAW,5,2026-03-02 10:00\n"
    report = commit("productions", sheet(productions), "p.csv", site=plant.site, user=sup_a)
    wrong = "Machine K-SAW is at site KRK, not at WRO where this import records."
    assert problems(report) == [(2, "machine", "wrong_site", wrong)]
    consumptions = (
        "work_order,lot,quantity,consumed_at,item,machine\nWO-NEW,S1,5,2026-03-02 10:00,SHAFT,K-SAW\n"
    )
    report = dry_run("consumptions", sheet(consumptions), "c.csv", site=plant.site, user=None)
    assert problems(report) == [(2, "machine", "wrong_site", wrong)]
    assert ledger_counts() == before and not WorkOrder.objects.filter(number="WO-NEW").exists()
