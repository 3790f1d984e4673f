"""Operator screens under /floor/."""

from django.urls import path

from lotline.web.views import floor, floor_receive

urlpatterns = [
    path("receive/", floor_receive.receive_lot, name="floor-receive"),
    path("work-order/", floor.work_orders, name="floor-work-orders"),
    path("work-order/<str:number>/", floor.work_order, name="floor-work-order"),
    path("work-order/<str:number>/progress/", floor.work_order_progress, name="floor-work-order-progress"),
    path("work-order/<str:number>/finish/", floor.finish_work_order, name="floor-work-order-finish"),
    path("ship/", floor.shipping, name="floor-ship"),
    path("ship/progress/", floor.shipment_progress, name="floor-ship-progress"),
    path("lookup/", floor.lookup, name="floor-lookup"),
    path("lookup/result/", floor.lookup_result, name="floor-lookup-result"),
]
