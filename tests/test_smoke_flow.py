from lotline.core.queries import recall_scope, trace
from lotline.core.services import consume, produce, receive, ship


def test_receive_make_ship_and_trace(plant):
    coil = receive(
        plant.ctx(),
        item=plant.steel,
        quantity="500",
        supplier=plant.supplier,
        supplier_lot="H123",
        delivery_ref="DN-1",
    ).lot
    wo = plant.work_order(item=plant.shaft)
    consume(plant.ctx(work_order=wo), lot=coil, quantity="120")
    out = produce(plant.ctx(work_order=wo), quantity=40).lot
    ship(plant.ctx(), customer=plant.customer, document="INV-1", lines=[(out, 30)])
    back = trace(out, "backward")
    assert back.numbers == [out.number, coil.number]
    scope = recall_scope([coil])
    assert scope.lot_numbers == [coil.number, out.number]
    assert [c.code for c in scope.customers] == ["BIKES"]
