"""Recall scope: every affected lot with made / used / scrapped / shipped / on hand by location, the
shipment lines and the customers with contacts — for lots, a supplier delivery and a machine or operator
time window."""

from datetime import timedelta
from decimal import Decimal

from lotline.core.models import Delivery, Shipment
from lotline.core.queries import Customer, ShipmentLine, recall_for_delivery, recall_for_window, recall_scope
from lotline.core.services import consume, move, produce, scrap, ship
from tests.core_fixtures import fast_password_hashing, receive_lot  # noqa: F401


def quantities(scope):
    return {a.lot.number: (a.made, a.used, a.scrapped, a.shipped, a.on_hand_by_location) for a in scope.lots}


def make_plant_history(plant):
    """S1 → B1 (saw, olga) → F1 (lathe, sam) shipped to two customers; S2 → F2 shipped to Cars."""
    s1 = receive_lot(plant, "S1", "500", delivery="DN-1")
    s3 = receive_lot(plant, "S3", "50", delivery="DN-1")
    s2 = receive_lot(plant, "S2", "200", supplier=plant.supplier2, delivery="DN-2")
    cut = plant.work_order(item=plant.blank, machine=plant.saw)
    consume(plant.ctx(work_order=cut), lot=s1, quantity="120")
    b1 = produce(plant.ctx(work_order=cut), quantity=40, lot_number="B1").lot
    move(plant.ctx(), lot=b1, to_location=plant.rack_b, quantity=10)
    scrap(plant.ctx(), lot=b1, quantity=2, reason="burr")
    turn = plant.work_order(item=plant.shaft)
    consume(plant.ctx(work_order=turn, user=plant.supervisor), lot=b1, quantity=20)
    f1 = produce(plant.ctx(work_order=turn, user=plant.supervisor), quantity=20, lot_number="F1").lot
    ship(plant.ctx(), customer=plant.customer, document="INV-1", lines=[(f1, 12)])
    ship(plant.ctx(), customer=plant.customer2, document="INV-2", lines=[(f1, 5)])
    other = plant.work_order(item=plant.shaft)
    consume(plant.ctx(work_order=other), lot=s2, quantity="30")
    f2 = produce(plant.ctx(work_order=other), quantity=30, lot_number="F2").lot
    ship(plant.ctx(), customer=plant.customer2, document="INV-3", lines=[(f2, 30)])
    return s1, s2, s3, b1, f1, f2


def test_recall_scope_of_one_coil(plant):
    s1, s2, s3, b1, f1, f2 = make_plant_history(plant)
    inv1_at, inv2_at = (Shipment.objects.get(number=n).shipped_at for n in ("INV-1", "INV-2"))

    scope = recall_scope([s1])

    assert scope.description == "S1"
    assert [lot.number for lot in scope.suspects] == ["S1"]
    assert scope.lot_numbers == ["S1", "B1", "F1"]
    assert quantities(scope) == {
        "S1": (Decimal(500), Decimal(120), 0, 0, {"RACK-A": Decimal(380)}),
        "B1": (Decimal(40), Decimal(20), Decimal(2), 0, {"RACK-A": Decimal(8), "RACK-B": Decimal(10)}),
        "F1": (Decimal(20), 0, 0, Decimal(17), {"RACK-A": Decimal(3)}),
    }
    assert all(a.unexplained == 0 for a in scope.lots)
    assert scope.shipments == [
        ShipmentLine("INV-1", inv1_at, "BIKES", "Bikes Ltd", "F1", "SHAFT", Decimal(12), "pcs"),
        ShipmentLine("INV-2", inv2_at, "CARS", "Cars GmbH", "F1", "SHAFT", Decimal(5), "pcs"),
    ]
    assert inv1_at == plant.clock - timedelta(minutes=4)  # aware UTC on SQLite and PostgreSQL alike
    assert scope.customers == [
        Customer("BIKES", "Bikes Ltd", "Ann", "ann@bikes.test", "", "", ("INV-1",)),
        Customer("CARS", "Cars GmbH", "", "", "", "", ("INV-2",)),
    ]
    assert [a.lot.number for a in scope.on_hand_lots] == ["S1", "B1", "F1"]
    assert scope.ambiguous_links == []


def test_recall_scope_of_several_lots(plant):
    s1, s2, s3, b1, f1, f2 = make_plant_history(plant)

    scope = recall_scope([s1, s2])

    assert scope.description == "S1, S2"
    assert scope.lot_numbers == ["S1", "S2", "B1", "F2", "F1"]
    assert [(s.shipment, s.lot_number, s.quantity) for s in scope.shipments] == [
        ("INV-1", "F1", 12),
        ("INV-2", "F1", 5),
        ("INV-3", "F2", 30),
    ]
    assert [(c.code, c.shipments) for c in scope.customers] == [
        ("BIKES", ("INV-1",)),
        ("CARS", ("INV-2", "INV-3")),
    ]
    assert quantities(scope)["F2"] == (Decimal(30), 0, 0, Decimal(30), {})
    assert scope.on_hand_lots[-1].lot.number == "F1"


def test_recall_for_a_supplier_delivery_takes_every_lot_on_it(plant):
    s1, s2, s3, b1, f1, f2 = make_plant_history(plant)

    scope = recall_for_delivery(Delivery.objects.get(reference="DN-1"))
    assert scope.description == "SteelCo delivery DN-1"
    assert scope.lot_numbers == ["S1", "S3", "B1", "F1"]
    assert quantities(scope)["S3"] == (Decimal(50), 0, 0, 0, {"RACK-A": Decimal(50)})

    other = recall_for_delivery(Delivery.objects.get(reference="DN-2"))
    assert other.lot_numbers == ["S2", "F2"]
    assert [c.code for c in other.customers] == ["CARS"]


def test_recall_for_a_machine_window_takes_lots_made_on_it_then(plant):
    s1, s2, s3, b1, f1, f2 = make_plant_history(plant)
    day = plant.clock.replace(hour=0, minute=0)

    scope = recall_for_window(day, day + timedelta(days=1), machine=plant.saw)
    assert scope.lot_numbers == ["B1", "F1"]
    assert [c.code for c in scope.customers] == ["BIKES", "CARS"]

    lathe = recall_for_window(day, day + timedelta(days=1), machine=plant.lathe)
    assert lathe.lot_numbers == ["F1", "F2"]
    # The window is [start, end): a lot made at the end instant is outside it.
    assert recall_for_window(day, b1.created_at, machine=plant.saw).lot_numbers == []
    assert recall_for_window(
        b1.created_at, b1.created_at + timedelta(seconds=1), machine=plant.saw
    ).lot_numbers == ["B1", "F1"]


def test_recall_for_an_operator_window_takes_lots_they_produced(plant):
    s1, s2, s3, b1, f1, f2 = make_plant_history(plant)
    day = plant.clock.replace(hour=0, minute=0)

    assert recall_for_window(day, day + timedelta(days=1), operator_id=plant.supervisor.pk).lot_numbers == [
        "F1"
    ]
    assert recall_for_window(day, day + timedelta(days=1), operator_id=plant.operator.pk).lot_numbers == [
        "B1",
        "F2",
        "F1",
    ]
    both = recall_for_window(day, day + timedelta(days=1), machine=plant.lathe, operator_id=plant.operator.pk)
    assert both.lot_numbers == ["F2"]
    assert recall_for_window(day, day + timedelta(days=1), operator_id=plant.operator.pk + 99).lots == []
