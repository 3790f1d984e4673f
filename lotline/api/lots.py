"""GET /api/v1/lots/{number}: a lot with its stock (read scope)."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router

from lotline.core.models import StockBalance
from lotline.core.services import find_lot

from .auth import require, require_site
from .schemas import LOT_LIMIT, ErrorOut, LotDetailOut, StockOut

router = Router(tags=["lots"])


# {path:number}: lot numbers may contain "/" (A-Z 0-9 - . / _), sent as %2F and decoded before routing.
@router.get(
    "/{path:number}",
    response={200: LotDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="A lot and where its stock lies",
)
def lot_detail(request: HttpRequest, number: str = Path(..., max_length=LOT_LIMIT)):
    require(request, "read", "core.record_events")
    lot = find_lot(number)
    require_site(request, lot.site, _("This lot is at a site you may not see."))
    balances = (
        StockBalance.objects.filter(lot=lot, quantity__gt=0)
        .select_related("location")
        .order_by("location__code")
    )
    stock = [StockOut(location=b.location.code, quantity=b.quantity) for b in balances]
    return LotDetailOut(
        number=lot.number,
        item=lot.item.code,
        item_name=lot.item.name,
        status=lot.status,
        unit=lot.item.unit,
        on_hand=sum((s.quantity for s in stock), Decimal(0)),
        stock=stock,
        expires_on=lot.expires_on,
        supplier=lot.supplier.code if lot.supplier_id else None,
        supplier_lot=lot.supplier_lot,
        work_order=lot.work_order.number if lot.work_order_id else None,
    )
