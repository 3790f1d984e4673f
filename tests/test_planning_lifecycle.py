"""The work-order lifecycle: allowed transitions with who and when, and the recipe frozen at release."""

from decimal import Decimal

import pytest

from lotline.core.models import WorkOrder
from lotline.core.services import consume, receive
from lotline.planning.errors import PlanningError
from lotline.planning.models import WorkOrderTransition
from lotline.planning.queries import batch_record, explode
from lotline.planning.services import RecipeLineSpec, revise_recipe, transition
from tests.test_planning_plant import Golden


@pytest.fixture
def golden(plant) -> Golden:
    return Golden(plant)


S = WorkOrder.Status


def test_planned_to_done_records_who_and_when(golden):
    plant = golden.plant
    wo = plant.work_order(status=S.PLANNED)
    for status in (S.RELEASED, S.IN_PROGRESS, S.DONE):
        transition(wo, status, plant.supervisor, at=plant.tick())
    rows = list(
        WorkOrderTransition.objects.filter(work_order=wo).values_list(
            "from_status", "to_status", "user__username", "at"
        )
    )
    assert rows == [
        ("planned", "released", "sam", plant.clock.replace(minute=1)),
        ("released", "in_progress", "sam", plant.clock.replace(minute=2)),
        ("in_progress", "done", "sam", plant.clock.replace(minute=3)),
    ]
    wo.refresh_from_db()
    assert wo.status == S.DONE


@pytest.mark.parametrize(
    "start,target",
    [
        (S.PLANNED, S.DONE),
        (S.PLANNED, S.IN_PROGRESS),
        (S.DONE, S.RELEASED),
        (S.CANCELLED, S.PLANNED),
        (S.RELEASED, S.PLANNED),
    ],
)
def test_other_transitions_are_refused_and_write_nothing(golden, start, target):
    wo = golden.plant.work_order(status=start)
    with pytest.raises(PlanningError) as refused:
        transition(wo, target, golden.plant.supervisor)
    assert refused.value.code == "bad_transition"
    assert not WorkOrderTransition.objects.exists()
    wo.refresh_from_db()
    assert wo.status == start


@pytest.mark.parametrize("start", [S.PLANNED, S.RELEASED, S.IN_PROGRESS])
def test_open_work_orders_can_be_cancelled(golden, start):
    wo = golden.plant.work_order(status=start)
    transition(wo, S.CANCELLED, golden.plant.supervisor)
    wo.refresh_from_db()
    assert wo.status == S.CANCELLED


def test_release_freezes_the_active_recipe_version(golden):
    wo = golden.plant.work_order(status=S.PLANNED)
    assert wo.recipe is None
    transition(wo, S.RELEASED, golden.plant.supervisor)
    wo.refresh_from_db()
    assert wo.recipe == golden.shaft_recipe


def test_editing_a_recipe_after_release_changes_nothing_recorded(golden):
    plant = golden.plant
    wo = plant.work_order(status=S.PLANNED)
    transition(wo, S.RELEASED, plant.supervisor)
    new = revise_recipe(
        golden.shaft_recipe,
        [
            RecipeLineSpec(plant.blank, Decimal(1), "pcs", Decimal(5)),
            RecipeLineSpec(golden.carton, Decimal("0.04"), "pcs"),
        ],
        note="bigger scrap allowance",
    )
    assert (new.version, new.is_active) == (2, True)
    golden.shaft_recipe.refresh_from_db()
    assert golden.shaft_recipe.is_active is False
    # The released work order keeps version 1 and its three lines, exactly as frozen.
    wo.refresh_from_db()
    assert wo.recipe.version == 1
    assert [
        (line.component.code, line.quantity_per_unit, line.scrap_pct)
        for line in wo.recipe.lines.order_by("id")
    ] == [
        ("BLANK", Decimal("1.000000"), Decimal("2.00")),
        ("CARTON", Decimal("0.020000"), Decimal("0.00")),
        ("PAINT", Decimal("12.500000"), Decimal("10.00")),
    ]
    assert [line.quantity for line in explode(plant.shaft, Decimal(100), recipe=wo.recipe, max_levels=1)] == [
        Decimal("102.000000"),
        Decimal("2.000000"),
        Decimal("1.375000"),
    ]
    # A new work order released now gets version 2.
    later = plant.work_order(status=S.PLANNED)
    transition(later, S.RELEASED, plant.supervisor)
    later.refresh_from_db()
    assert later.recipe == new
    assert batch_record(wo).balance[0].item_code == "BLANK"


def test_a_recipe_no_work_order_uses_is_edited_in_place(golden):
    plant = golden.plant
    same = revise_recipe(
        golden.blank_recipe,
        [RecipeLineSpec(plant.steel, Decimal("0.9"), "kg", Decimal(4))],
        expected_yield=Decimal("0.96"),
    )
    assert same.pk == golden.blank_recipe.pk and same.version == 1
    assert [(line.component.code, line.quantity_per_unit) for line in same.lines.all()] == [
        ("STEEL", Decimal("0.900000"))
    ]


def test_a_revision_keeps_alternatives_pointing_at_their_line(golden):
    plant = golden.plant
    plant.work_order(item=plant.blank, machine=plant.saw, recipe=golden.blank_recipe)
    new = revise_recipe(
        golden.blank_recipe,
        [
            RecipeLineSpec(plant.steel, Decimal("0.9"), "kg"),
            RecipeLineSpec(golden.steel2, Decimal("0.95"), "kg", alternative_for=0),
        ],
    )
    primary, alternative = new.lines.order_by("id")
    assert alternative.alternative_for_id == primary.pk


def test_the_floor_starting_a_work_order_shows_in_its_history(golden):
    plant = golden.plant
    wo = plant.work_order(item=plant.blank, machine=plant.saw, status=S.PLANNED)
    transition(wo, S.RELEASED, plant.supervisor, at=plant.tick())
    bar = receive(
        plant.ctx(),
        item=plant.steel,
        quantity=500,
        supplier=plant.supplier,
        supplier_lot="H1",
        delivery_ref="DN-1",
    ).lot
    consume(plant.ctx(work_order=wo), lot=bar, quantity=95)
    wo.refresh_from_db()
    assert wo.status == S.IN_PROGRESS
    transition(wo, S.DONE, plant.supervisor, at=plant.tick())
    history = [(a, b, who, note) for _at, a, b, who, note in batch_record(wo).transitions]
    assert history == [
        ("planned", "released", "sam", ""),
        ("released", "in progress", "olga", "first scan on the floor"),
        ("in progress", "done", "sam", ""),
    ]
