"""Correcting a recorded event: a new event that reverses it and withdraws its links.

History is never edited. The correction references the original, carries the reason, reverses every line
(so stock returns to what it was) and voids the genealogy links the original wrote. The right event, if
there is one, is then recorded as usual.
"""

from __future__ import annotations

import uuid

from django.db.models import Q
from django.utils.translation import gettext as _

from lotline.core.models import Event, EventKind, GenealogyLink, LinkVoid

from .context import EventContext
from .errors import LedgerError
from .inventory import require_reason
from .ledger import LineSpec, Recorded, append_event, lots_of, record
from .lots import local_time

REVERSIBLE = {
    EventKind.RECEIVE,
    EventKind.CONSUME,
    EventKind.PRODUCE,
    EventKind.SPLIT,
    EventKind.MERGE,
    EventKind.MOVE,
    EventKind.SHIP,
    EventKind.ADJUST,
    EventKind.SCRAP,
}


def not_correctable_message(kind: str) -> str:
    """Whole sentences per kind: the advice differs, and a kind word spliced into a sentence does not
    translate."""
    if kind == EventKind.HOLD:
        return _("A hold is not corrected; record a release instead.")
    if kind == EventKind.RELEASE:
        return _("A release is not corrected; record a hold instead.")
    if kind == EventKind.CORRECT:
        return _(
            "A correction cannot itself be corrected; if the original event was right after all, "
            "record it again."
        )
    return _("This event cannot be corrected.")


def correct(ctx: EventContext, *, event: Event | uuid.UUID | str, reason: str) -> Recorded:
    """Reverse one event. Refused when it was already corrected, or when its lots have moved on since."""
    require_reason(reason)
    original = event if isinstance(event, Event) else find_event(event)
    if original.kind not in REVERSIBLE:
        raise LedgerError("not_correctable", not_correctable_message(original.kind), field="event")
    if original.site_id != ctx.site.pk:
        # A correction belongs where the event happened: in that site's ledger, by someone working there.
        raise LedgerError(
            "wrong_site",
            _("That event was recorded at site %(site)s; correct it there.") % {"site": original.site.code},
            field="event",
        )
    request = {"event": str(original.uid), "reason": reason}

    def write(fingerprint: str) -> Recorded:
        # Locking the original's row serialises two supervisors correcting the same event.
        Event.objects.select_for_update().filter(pk=original.pk).first()
        earlier = Event.objects.filter(corrects=original).first()
        if earlier is not None:
            raise LedgerError(
                "already_corrected",
                _("That event was already corrected on %(when)s.")
                % {"when": local_time(earlier.recorded_at, earlier.site)},
            )
        reversal = [
            LineSpec(line.lot, -line.quantity, line.location, line.kind, line.direction)
            for line in original.lines.select_related("lot__item", "location").order_by("id")
            if line.quantity != 0
        ]
        try:
            correction = append_event(
                EventKind.CORRECT,
                ctx,
                fingerprint,
                reversal,
                corrects=original,
                reason=reason,
                work_order=original.work_order,
                shipment=original.shipment,
                machine=original.machine,
                location=original.location,
            )
        except LedgerError as exc:
            if exc.code != "insufficient_stock":
                raise
            raise LedgerError(
                "used_since",
                _("Cannot correct: %(detail)s Correct the later events that used it first.")
                % {"detail": exc.message},
            ) from None
        withdrawn = GenealogyLink.objects.filter(Q(event=original) | Q(consume_event=original)).exclude(
            void__isnull=False
        )
        LinkVoid.objects.bulk_create(LinkVoid(link=link, correction=correction) for link in withdrawn)
        return Recorded(correction, lots_of(original))

    return record(EventKind.CORRECT, ctx, request, write)


def find_event(ref: uuid.UUID | str) -> Event:
    try:
        uid = ref if isinstance(ref, uuid.UUID) else uuid.UUID(str(ref))
    except ValueError:
        raise LedgerError(
            "unknown_event", _("%(ref)s is not an event id.") % {"ref": ref}, field="event"
        ) from None
    found = Event.objects.filter(uid=uid).first()
    if found is None:
        raise LedgerError("unknown_event", _("No event %(ref)s.") % {"ref": ref}, field="event")
    return found
