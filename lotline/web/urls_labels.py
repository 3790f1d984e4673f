"""Label pages and downloads under /labels/. Lot, work-order and document numbers may contain "/", so they
use the path converter, with the more specific routes first."""

from django.urls import path

from lotline.web.views import labels

urlpatterns = [
    path("lots/<path:number>.pdf", labels.lot_pdf, name="labels-lot-pdf"),
    path("lots/<path:number>.zpl", labels.lot_zpl, name="labels-lot-zpl"),
    path("lots/<path:number>/print", labels.lot_print, name="labels-lot-print"),
    path("lots/<path:number>/", labels.lot_labels, name="labels-lot"),
    path("deliveries/<int:pk>.pdf", labels.delivery_pdf, name="labels-delivery-pdf"),
    path("work-orders/<path:number>.pdf", labels.work_order_pdf, name="labels-work-order-pdf"),
    path("shipments/<path:number>/pallet.pdf", labels.pallet_pdf, name="labels-pallet-pdf"),
    path("shipments/<path:number>/pallet.zpl", labels.pallet_zpl, name="labels-pallet-zpl"),
]
