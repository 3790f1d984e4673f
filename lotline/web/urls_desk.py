"""Supervisor pages under /desk/: lists with search and filters, the lot page, holds and corrections."""

from django.urls import path

from lotline.web.views import desk

urlpatterns = [
    path("lots/", desk.lots, name="desk-lots"),
    path("lots/<str:number>/", desk.lot_detail, name="lot-detail"),
    path("lots/<str:number>/hold/", desk.hold_lot, name="desk-lot-hold"),
    path("lots/<str:number>/release/", desk.release_lot, name="desk-lot-release"),
    path("events/", desk.events, name="desk-events"),
    path("events/<uuid:uid>/correct/", desk.correct_event, name="desk-event-correct"),
    path("work-orders/", desk.work_orders, name="desk-work-orders"),
    path("shipments/", desk.shipments, name="desk-shipments"),
    path("deliveries/", desk.deliveries, name="desk-deliveries"),
]
