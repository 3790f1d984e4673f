"""Finding lots, checking they may be used, and creating new ones under fresh lot numbers."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotline.core.models import Delivery, Item, Lot, LotNumberCounter, Party, Site
from lotline.gs1 import GS1ParseError, parse_scan
from lotline.lib import lotnumbers
from lotline.lib.text import shorten
from lotline.lib.times import FIRST_YEAR, LAST_YEAR

from .context import CLOCK_SKEW, EventContext
from .errors import LedgerError


def find_lot(ref: Lot | str, *, field: str = "lot") -> Lot:
    """The lot with this internal number (case-insensitive), or a clear 'unknown lot' error."""
    if isinstance(ref, Lot):
        return ref
    number = (ref or "").strip().upper()
    longest = Lot._meta.get_field("number").max_length
    # No lot has a longer number: nothing to look up (SQLite's LIKE also refuses a 50,000-character
    # pattern), and the refusal does not echo a whole scanned page back.
    lot = (
        None
        if len(number) > longest
        else Lot.objects.select_related("item", "site").filter(number=number).first()
    )
    if lot is not None:
        return lot
    if (
        1 < len(number) <= longest
        and not lotnumbers.has_valid_check(number)
        and Lot.objects.filter(number__startswith=number[:-1]).exists()
    ):
        message = _("No lot %(number)s. The last character does not match — was it mistyped?")
    else:
        message = _("No lot %(number)s is known here.")
    raise LedgerError("unknown_lot", message % {"number": shorten(number) or "''"}, field=field)


def find_delivery(reference: str, supplier_code: str | None = None) -> Delivery:
    """A supplier delivery by its note number (case-insensitive, like lot numbers), of that supplier if
    named: the one place the CLI, the API and the desk look a delivery note up."""
    reference = reference.strip()
    deliveries = Delivery.objects.select_related("supplier").filter(reference__iexact=reference)
    if supplier_code and supplier_code.strip():
        supplier = Party.objects.filter(code__iexact=supplier_code.strip()).first()
        if supplier is None:
            raise LedgerError(
                "unknown_supplier",
                _("No supplier %(code)s is known here.") % {"code": supplier_code.strip()},
                field="supplier",
            )
        deliveries = deliveries.filter(supplier=supplier)
        found = list(deliveries[:1])
        if not found:
            raise LedgerError(
                "unknown_delivery",
                _("No delivery %(ref)s from supplier %(code)s.") % {"ref": reference, "code": supplier.code},
                field="delivery",
            )
        return found[0]
    found = list(deliveries[:2])
    if not found:
        raise LedgerError(
            "unknown_delivery", _("No delivery %(ref)s.") % {"ref": reference}, field="delivery"
        )
    if len(found) > 1:
        raise LedgerError(
            "ambiguous_delivery",
            _("Delivery note %(ref)s exists for several suppliers; name the supplier.") % {"ref": reference},
            field="supplier",
        )
    return found[0]


# Whole sentences per action (translators cannot inflect a verb spliced into a sentence).
NOT_RELEASED = {
    "consume": gettext_lazy("Lot %(lot)s is %(status)s — do not consume it."),
    "ship": gettext_lazy("Lot %(lot)s is %(status)s — do not ship it."),
    "split": gettext_lazy("Lot %(lot)s is %(status)s — do not split it."),
    "merge": gettext_lazy("Lot %(lot)s is %(status)s — do not merge it."),
}
EXPIRED = {
    "consume": gettext_lazy("Lot %(lot)s expired on %(date)s — do not consume it."),
    "ship": gettext_lazy("Lot %(lot)s expired on %(date)s — do not ship it."),
    "split": gettext_lazy("Lot %(lot)s expired on %(date)s — do not split it."),
    "merge": gettext_lazy("Lot %(lot)s expired on %(date)s — do not merge it."),
}


def lock_usable(lot: Lot, ctx: EventContext, *, action: str) -> None:
    """``check_usable`` on the lot's locked row — call it inside the service's transaction (in ``write``).

    The caller's Lot object may be minutes old: a hold recorded meanwhile must stop the scan, and a hold
    racing this event waits for it (hold locks the same rows). Checking inside ``write`` also lets a resent
    event id replay its first result though the lot was held since.
    """
    lot.status = Lot.objects.select_for_update().filter(pk=lot.pk).values_list("status", flat=True).get()
    check_usable(lot, ctx, action=action)


def check_usable(lot: Lot, ctx: EventContext, *, action: str) -> None:
    """Refuse to consume, ship, split or merge (``action``, a key of NOT_RELEASED) a lot that is held,
    expired, at another site, or that did not exist yet at the event's time."""
    check_here(lot, ctx)
    check_existed(lot, ctx)
    if lot.status != Lot.Status.RELEASED:
        raise LedgerError(
            "lot_not_released",
            str(NOT_RELEASED[action]) % {"lot": lot.number, "status": lot.get_status_display()},
            field="lot",
        )
    if lot.expires_on is not None and lot.expires_on < local_date(ctx.when, ctx.site):
        raise LedgerError(
            "lot_expired",
            str(EXPIRED[action]) % {"lot": lot.number, "date": lot.expires_on.isoformat()},
            field="lot",
        )


def check_here(lot: Lot, ctx: EventContext, field: str = "lot") -> None:
    """Refuse an event at one site about a lot at another: lots never change site (there is no transfer
    event), so its stock, and whoever may act on it, are at its own site."""
    if lot.site_id != ctx.site.id:
        raise LedgerError(
            "wrong_site",
            _("Lot %(lot)s is at site %(site)s, not here.") % {"lot": lot.number, "site": lot.site.code},
            field=field,
        )


def check_existed(lot: Lot, ctx: EventContext) -> None:
    """Refuse an event that would have happened to the lot before the lot came into being.

    A back-dated time is allowed (paper records typed in later), but not one before the lot was received,
    made, split off or merged: the genealogy would then run backwards in time (an output made before its
    steel arrived). Every service that uses, ships, moves, scraps, adjusts, holds or releases a lot calls
    this, so the CLI, the API, the pages and the imports refuse alike.

    The two times may come from different devices (the receiving desk, a tablet on the floor), so they are
    compared with the same tolerance as a time in the future (CLOCK_SKEW): a scan a minute "before" the
    coil was received is a clock, not a back-dated record.
    """
    if lot.created_at is None or ctx.when >= lot.created_at - CLOCK_SKEW:
        return
    raise LedgerError("before_lot_existed", existed_message(lot, ctx.site), field="occurred_at")


def existed_message(lot: Lot, site: Site) -> str:
    """Whole sentences per origin (no translated word spliced into another sentence)."""
    messages = {
        Lot.Origin.RECEIVED: _(
            "Lot %(lot)s was received on %(when)s; an event before that time cannot involve it."
        ),
        Lot.Origin.PRODUCED: _(
            "Lot %(lot)s was made on %(when)s; an event before that time cannot involve it."
        ),
        Lot.Origin.SPLIT: _(
            "Lot %(lot)s was split off on %(when)s; an event before that time cannot involve it."
        ),
        Lot.Origin.MERGED: _(
            "Lot %(lot)s was merged on %(when)s; an event before that time cannot involve it."
        ),
    }
    message = messages.get(
        lot.origin, _("Lot %(lot)s exists since %(when)s; an event before that time cannot involve it.")
    )
    return message % {"lot": lot.number, "when": local_time(lot.created_at, site)}


def local_time(moment: datetime, site: Site) -> str:
    """A moment on the site's wall clock, as people read it: 2026-11-25 18:48."""
    from zoneinfo import ZoneInfo

    return timezone.localtime(moment, ZoneInfo(site.timezone)).strftime("%Y-%m-%d %H:%M")


def local_date(moment: datetime, site: Site) -> date:
    """The calendar day on the site's wall clock (lot numbers and expiry follow the plant's day)."""
    from zoneinfo import ZoneInfo

    return timezone.localtime(moment, ZoneInfo(site.timezone)).date()


def next_lot_number(item: Item, site: Site, day: date) -> str:
    """Draw the next number from the item's pattern; the counter row is locked for the transaction."""
    try:
        scope = lotnumbers.sequence_scope(item.lot_pattern, item.code, site.code, day)
    except lotnumbers.LotNumberError as exc:
        raise LedgerError("bad_lot_pattern", str(exc)) from None
    LotNumberCounter.objects.bulk_create([LotNumberCounter(scope=scope, last=0)], ignore_conflicts=True)
    counter = LotNumberCounter.objects.select_for_update().get(scope=scope)
    seq = counter.last
    while True:
        seq += 1
        try:
            number = lotnumbers.render(item.lot_pattern, item.code, site.code, day, seq)
        except lotnumbers.LotNumberError as exc:
            raise LedgerError("bad_lot_pattern", str(exc)) from None
        # An imported lot may already carry the number the pattern would give next: skip it, never reuse.
        if not Lot.objects.filter(number=number).exists():
            break
    LotNumberCounter.objects.filter(scope=scope).update(last=seq)
    return number


def scans_as_itself(number: str) -> bool:
    """A lot number printed on a plain label must come back as that lot number when scanned: digits such
    as 0104012345678901 are an AI (01) GTIN to every scanner, and the lot could never be scanned again."""
    try:
        return parse_scan(number, require_associations=False).kind == "lot_number"
    except GS1ParseError:
        return False


def create_lot(
    ctx: EventContext,
    item: Item,
    *,
    origin: str,
    number: str | None = None,
    expires_on: date | None = None,
    **fields: object,
) -> Lot:
    """A new lot under a fresh (or a given, unused) number; expiry from the item's shelf life by default."""
    if number:
        number = number.strip().upper()
        if Lot.objects.filter(number=number).exists():
            raise LedgerError(
                "duplicate_lot_number",
                _("Lot number %(number)s is already used.") % {"number": number},
                field="lot_number",
            )
        if not lotnumbers.ALLOWED.match(number) or len(number) > lotnumbers.MAX_LENGTH:
            raise LedgerError(
                "bad_lot_number",
                _("Lot number %(number)s: up to 20 characters A-Z, 0-9, - . / _.") % {"number": number},
                field="lot_number",
            )
        if not scans_as_itself(number):
            raise LedgerError(
                "bad_lot_number",
                _(
                    "Lot number %(number)s would be read as a GS1 barcode (a GTIN with its check digit) "
                    "when its label is scanned; choose another."
                )
                % {"number": number},
                field="lot_number",
            )
    if expires_on is not None and not FIRST_YEAR <= expires_on.year <= LAST_YEAR:
        # A typo or "for ever" (9999-12-31); a label prints the year in two digits, so it would also scan
        # back as another date (1999-12-31).
        raise LedgerError(
            "bad_expiry",
            _("The expiry date %(date)s lies outside the years %(first)s–%(last)s.")
            % {"date": expires_on.isoformat(), "first": FIRST_YEAR, "last": LAST_YEAR},
            field="expires_on",
        )
    day = local_date(ctx.when, ctx.site)
    if expires_on is None and item.shelf_life_days:
        expires_on = day + timedelta(days=item.shelf_life_days)
    return Lot.objects.create(
        number=number or next_lot_number(item, ctx.site, day),
        item=item,
        site=ctx.site,
        origin=origin,
        created_at=ctx.when,
        expires_on=expires_on,
        **fields,
    )
