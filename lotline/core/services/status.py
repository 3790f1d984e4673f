"""Holding and releasing lots — ledger events whose effect is the lot's status."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lotline.core.models import Event, EventKind, Lot

from .context import EventContext
from .errors import LedgerError
from .inventory import require_reason
from .ledger import LineSpec, Recorded, append_event, record
from .lots import check_existed, check_here, find_lot
from .text import fitting

HOLD_STATUSES = (Lot.Status.ON_HOLD, Lot.Status.QUARANTINED, Lot.Status.RECALLED)


def hold(
    ctx: EventContext,
    *,
    lots: list[Lot | str],
    reason: str,
    status: str = Lot.Status.ON_HOLD,
    reference: str = "",
) -> Recorded:
    """Put lots on hold (or quarantine, or recalled). Lots already in that status are left out."""
    if status not in HOLD_STATUSES:
        raise LedgerError("bad_status", _("A hold sets on hold, quarantined or recalled."), field="status")
    return _set_status(ctx, EventKind.HOLD, lots, reason, status, reference)


def release(ctx: EventContext, *, lots: list[Lot | str], reason: str, reference: str = "") -> Recorded:
    """Release held lots back into use."""
    return _set_status(ctx, EventKind.RELEASE, lots, reason, Lot.Status.RELEASED, reference)


def _set_status(
    ctx: EventContext, kind: str, refs: list[Lot | str], reason: str, status: str, reference: str
) -> Recorded:
    require_reason(reason)
    reference = fitting(reference, Event, "reference")
    targets = [find_lot(ref, field=f"lots[{i}]") for i, ref in enumerate(refs)]
    request = {
        "lots": sorted(t.number for t in targets),
        "reason": reason,
        "status": status,
        "reference": reference,
    }

    def write(fingerprint: str) -> Recorded:
        for index, target in enumerate(targets):
            check_here(target, ctx, field=f"lots[{index}]")
            check_existed(target, ctx)
        fresh = Lot.objects.select_for_update().filter(pk__in=[t.pk for t in targets]).exclude(status=status)
        changing = list(fresh.select_related("item").order_by("number"))
        if not changing:
            raise LedgerError(
                "nothing_to_change",
                _("Every lot named is already %(status)s.") % {"status": Lot.Status(status).label},
            )
        event = append_event(
            kind,
            ctx,
            fingerprint,
            [LineSpec(lot, 0, None) for lot in changing],
            new_status=status,
            reason=reason,
            reference=reference,
        )
        Lot.objects.filter(pk__in=[lot.pk for lot in changing]).update(status=status)
        for lot in changing:
            lot.status = status
        return Recorded(event, changing)

    return record(kind, ctx, request, write)
