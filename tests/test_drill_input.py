"""Running a drill from the recall desk refuses a target that is not whole seconds from 1 to a day (the
`drill` command's range, and what the Drill table can hold) with the drills page again, 422, naming the
field: no IntegrityError for -5, no OverflowError for 10^20, no Python message for "abc"."""

from __future__ import annotations

import pytest

from lotline.recall.drills import DrillRefused, run_drill
from lotline.recall.models import Drill
from tests.test_recall_scope import make_golden
from tests.test_recall_views import desk  # noqa: F401


def error_of(response) -> str:
    body = response.content.decode()
    start = body.index('id="drill-error"')
    return body[body.index(">", start) + 1 : body.index("</p>", start)]


@pytest.mark.parametrize(
    "target", ["-5", "0", "86401", "99999999999999999999", "abc", "1e3", "²", "1_000", "٣", "12.5"]
)
def test_a_target_outside_whole_seconds_from_1_to_a_day_is_refused(desk, target):  # noqa: F811
    response = desk.post("/recall/drills/run/", {"lot": "F2", "target_seconds": target})
    assert response.status_code == 422
    assert error_of(response) == f"Target (seconds) takes whole seconds from 1 to 86400, not {target}."
    body = response.content.decode()
    assert 'data-field="target_seconds"' in body
    assert f'name="target_seconds" inputmode="numeric" value="{target}" aria-invalid="true"' in body
    assert not Drill.objects.exists()


@pytest.mark.parametrize("target", ["1", " 30 ", "86400", ""])
def test_targets_in_range_or_empty_run(desk, target):  # noqa: F811
    response = desk.post("/recall/drills/run/", {"lot": "F2", "target_seconds": target})
    drill = Drill.objects.get()
    assert response["Location"] == f"/recall/drills/{drill.pk}/"
    assert drill.target_seconds == (int(target) if target.strip() else 60)


def test_an_unknown_lot_is_refused_on_the_page_with_what_was_typed(desk):  # noqa: F811
    response = desk.post("/recall/drills/run/", {"lot": "nope-1", "target_seconds": "30"})
    assert response.status_code == 422
    assert error_of(response) == "No lot NOPE-1 is known here."
    assert 'value="nope-1" aria-invalid="true"' in response.content.decode()
    assert not Drill.objects.exists()


def test_the_service_refuses_targets_the_table_cannot_hold(plant):
    lots = make_golden(plant)
    for target in (-5, 10**20):
        with pytest.raises(DrillRefused) as refused:
            run_drill(lots["F1"], target_seconds=target)
        assert refused.value.field == "target_seconds"
    assert not Drill.objects.exists()


def test_the_same_drill_form_sent_twice_is_one_drill(desk):  # noqa: F811
    page = desk.get("/recall/drills/").content.decode()
    token = page.split('name="form_token" value="')[1].split('"')[0]
    form = {"lot": "F2", "target_seconds": "30", "form_token": token}
    first, second = desk.post("/recall/drills/run/", form), desk.post("/recall/drills/run/", form)
    drill = Drill.objects.get()
    assert first["Location"] == second["Location"] == f"/recall/drills/{drill.pk}/"
    fresh = desk.get("/recall/drills/").content.decode().split('name="form_token" value="')[1].split('"')[0]
    assert fresh != token
    desk.post("/recall/drills/run/", {**form, "form_token": fresh})
    assert Drill.objects.count() == 2
