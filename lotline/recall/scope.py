"""Where a recall scope comes from, and its frozen form (the snapshot a case keeps and the exports print).

The scope itself is always computed by lotline.core.queries (recall_scope, recall_for_delivery,
recall_for_window); this module only says which of them to call and turns the answer into plain JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from lotline.core.models import Delivery, Lot, Machine, Site
from lotline.core.queries import (
    RecallScope,
    merge_links,
    recall_for_delivery,
    recall_for_window,
    recall_scope,
)
from lotline.core.services.context import skipped_time_message
from lotline.lib.times import FIRST_YEAR, LAST_YEAR, SkippedTime, wall_clock, within_plant_years

from .balance import balances_of_scope


class ScopeError(ValueError):
    """The request does not name anything to recall (or names something unknown); ``field`` is the
    parameter at fault when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class ScopeSource:
    """Suspect lots, or a supplier delivery, or a machine / operator / time window."""

    lot_numbers: list[str] = field(default_factory=list)
    delivery_id: int | None = None
    start: datetime | None = None
    end: datetime | None = None
    machine_id: int | None = None
    operator_id: int | None = None

    @classmethod
    def from_query(cls, query: Any) -> ScopeSource:
        """From GET/POST parameters: lot (repeatable or comma/space separated), delivery, start, end,
        machine, operator."""
        numbers: list[str] = []
        for value in query.getlist("lot"):
            numbers += [part.strip().upper() for part in value.replace(",", " ").split() if part.strip()]
        source = cls(lot_numbers=list(dict.fromkeys(numbers)))
        source.delivery_id = int_or_none(query.get("delivery"))
        source.machine_id = int_or_none(query.get("machine"))
        machine = None
        if source.machine_id is not None:
            machine = Machine.objects.select_related("site").filter(pk=source.machine_id).first()
            if machine is None:
                raise ScopeError(_("No such machine."), "machine")
        source.operator_id = operator_id(query.get("operator"))
        # A typed time is the machine's wall clock (its site may be in another zone), else the plant's.
        site = machine.site if machine is not None else None
        source.start = aware(query.get("start"), _("From"), "start", site)
        source.end = aware(query.get("end"), _("To"), "end", site)
        if (source.start is None) != (source.end is None):
            missing, key = (_("From"), "start") if source.start is None else (_("To"), "end")
            raise ScopeError(
                _("Give “%(field)s” too: a time window needs both ends.") % {"field": missing}, key
            )
        if source.is_window and source.end <= source.start:  # type: ignore[operator]
            raise ScopeError(
                _("“%(end)s” must be after “%(start)s”: the window %(window)s is empty.")
                % {
                    "end": _("To"),
                    "start": _("From"),
                    "window": window_label(source.start, source.end),  # type: ignore[arg-type]
                },
                "end",
            )
        return source

    def as_query(self) -> str:
        pairs: list[tuple[str, object]] = [("lot", n) for n in self.lot_numbers]
        for key in ("delivery_id", "machine_id", "operator_id"):
            if getattr(self, key) is not None:
                pairs.append((key.removesuffix("_id"), getattr(self, key)))
        for key in ("start", "end"):
            if getattr(self, key) is not None:
                pairs.append((key, getattr(self, key).isoformat()))
        return urlencode(pairs)

    @property
    def is_window(self) -> bool:
        return self.start is not None and self.end is not None

    def is_empty(self) -> bool:
        return not self.lot_numbers and self.delivery_id is None and not self.is_window


def int_or_none(value: object) -> int | None:
    try:
        return int(str(value)) if value not in (None, "") else None
    except ValueError:
        raise ScopeError(_("%(value)s is not a number.") % {"value": value}) from None


def operator_id(value: object) -> int | None:
    """The operator as a user id (the form's select) or a username (typed, or an older link)."""
    text = str(value or "").strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():  # "²".isdigit() is True, int("²") is not
        return int(text)
    user = get_user_model().objects.filter(**{f"{get_user_model().USERNAME_FIELD}__iexact": text}).first()
    if user is None:
        raise ScopeError(_("No operator %(name)s is known here.") % {"name": text}, "operator")
    return user.pk


def aware(
    value: str | None, label: str = "", key: str | None = None, site: Site | None = None
) -> datetime | None:
    """A datetime-local value ("2026-03-02T08:00") is read in the time zone of ``site`` (the machine's),
    else of the plant's default site; window_label shows the times back in the same zone."""
    if not value or not value.strip():
        return None
    try:
        parsed = parse_datetime(value.strip())
    except ValueError:  # well formed but no such day or hour (2026-02-30T08:00)
        parsed = None
    if parsed is None:
        if label:
            raise ScopeError(
                _("“%(field)s”: %(value)s is not a date and time.") % {"field": label, "value": value}, key
            )
        raise ScopeError(_("%(value)s is not a date and time.") % {"value": value})
    if not within_plant_years(parsed, end=key == "end"):
        years = {"value": value, "field": label, "first": FIRST_YEAR, "last": LAST_YEAR}
        if label:
            message = _("“%(field)s”: %(value)s lies outside the years %(first)s–%(last)s.")
            raise ScopeError(message % years, key)
        raise ScopeError(_("%(value)s lies outside the years %(first)s–%(last)s.") % years, key)
    if timezone.is_naive(parsed):
        zone = ZoneInfo(site_timezone(site))
        try:
            parsed = wall_clock(parsed, zone)
        except SkippedTime as exc:
            raise ScopeError(skipped_time_message(exc), key) from None
    return parsed


def site_timezone(site: Site | None = None) -> str:
    site = site or Site.default()
    return site.timezone if site else settings.TIME_ZONE


def compute_scope(source: ScopeSource) -> RecallScope:
    """Ask the core for the scope of this source."""
    if source.is_empty():
        raise ScopeError(_("Name at least one lot, a delivery, or a time window."))
    if source.lot_numbers:
        found = {lot.number: lot for lot in Lot.objects.filter(number__in=source.lot_numbers)}
        missing = [n for n in source.lot_numbers if n not in found]
        if missing:
            raise ScopeError(_("No lot %(numbers)s is known here.") % {"numbers": ", ".join(missing)})
        return recall_scope([found[n] for n in source.lot_numbers])
    if source.delivery_id is not None:
        delivery = Delivery.objects.select_related("supplier").filter(pk=source.delivery_id).first()
        if delivery is None:
            raise ScopeError(_("No such delivery."))
        return recall_for_delivery(delivery)
    assert source.start is not None and source.end is not None
    machine = None
    if source.machine_id is not None:
        machine = Machine.objects.select_related("site").filter(pk=source.machine_id).first()
    if source.machine_id is not None and machine is None:
        raise ScopeError(_("No such machine."), "machine")
    if source.operator_id is not None and not get_user_model().objects.filter(pk=source.operator_id).exists():
        raise ScopeError(_("No such operator."), "operator")
    scope = recall_for_window(source.start, source.end, machine=machine, operator_id=source.operator_id)
    # The core's description is for machines (ISO times, the operator's id); people get names and the
    # site's local time.
    parts = [machine.code] if machine is not None else []
    if source.operator_id is not None:
        parts.append(operator_label(source.operator_id))
    label = ", ".join(parts) or _("all machines")
    scope.description = f"{label}, {window_label(source.start, source.end, machine)}"
    return scope


def operator_label(operator_id: int) -> str:
    """ "operator Olga Nowak (olga)": the person, not their database id."""
    user = get_user_model().objects.filter(pk=operator_id).first()
    if user is None:
        return _("operator #%(id)s") % {"id": operator_id}
    return _("operator %(name)s") % {"name": user_label(user)}


def user_label(user) -> str:
    """ "Olga Nowak (olga)", or the username alone when no name is recorded."""
    full = user.get_full_name().strip()
    return f"{full} ({user.get_username()})" if full else user.get_username()


def window_label(start: datetime, end: datetime, machine: Machine | None = None) -> str:
    """ "2026-11-20 00:00 – 2026-11-21 00:00 (Europe/Warsaw)": the window in the site's time zone (the
    machine's site, else the plant's default site)."""
    name = site_timezone(machine.site if machine is not None else None)
    zone = ZoneInfo(name)
    return f"{start.astimezone(zone):%Y-%m-%d %H:%M} – {end.astimezone(zone):%Y-%m-%d %H:%M} ({name})"


def q(value: Decimal) -> str:
    """Decimals travel as text in JSON (never floats), without trailing zeros."""
    return format(value.normalize(), "f") if value else "0"


def snapshot_of(scope: RecallScope, tz_name: str | None = None) -> dict[str, Any]:
    """The scope as plain JSON: what the case keeps, the page shows and the exports print."""
    balances = balances_of_scope(scope.lots)
    lots = []
    for affected in scope.lots:
        lot = affected.lot
        balance = balances[lot.number]
        lots.append(
            {
                "number": lot.number,
                "item_code": lot.item_code,
                "item_name": lot.item_name,
                "unit": lot.unit,
                "status": lot.status,
                "origin": lot.origin,
                "depth": lot.depth,
                "created_at": lot.created_at.isoformat(),
                "work_order": lot.work_order or "",
                "supplier": lot.supplier or "",
                "supplier_lot": lot.supplier_lot,
                "delivery": lot.delivery or "",
                "made": q(affected.made),
                "used": q(affected.used),
                "scrapped": q(affected.scrapped),
                "shipped": q(affected.shipped),
                "adjusted": q(affected.adjusted),
                "on_hand": q(affected.on_hand),
                "on_hand_by_location": {loc: q(v) for loc, v in affected.on_hand_by_location.items()},
                "unexplained": q(balance.unexplained),
                "flags": balance.flags,
            }
        )
    return {
        "description": scope.description,
        "computed_at": timezone.now().isoformat(),
        "timezone": tz_name or site_timezone(),
        "elapsed_ms": str(Decimal(str(scope.elapsed_ms)).quantize(Decimal("0.1"))),
        "suspects": [lot.number for lot in scope.suspects],
        "lots": lots,
        "shipments": [
            {
                "shipment": s.shipment,
                "shipped_at": s.shipped_at.isoformat(),
                "customer_code": s.customer_code,
                "customer": s.customer,
                "lot_number": s.lot_number,
                "item_code": s.item_code,
                "quantity": q(s.quantity),
                "unit": s.unit,
            }
            for s in scope.shipments
        ],
        "customers": [{**asdict(c), "shipments": list(c.shipments)} for c in scope.customers],
        "ambiguous_links": [
            {
                "parent": scope.trace.number_of(link.parent_id),
                "child": scope.trace.number_of(link.child_id),
                "work_order": link.work_order or "",
            }
            for link in merge_links(scope.ambiguous_links)
        ],
    }


def totals(snapshot: dict[str, Any]) -> dict[str, Any]:
    """Headline numbers of a snapshot (for the page header and the PDF)."""
    lots = snapshot["lots"]
    return {
        "lots": len(lots),
        "on_hand_lots": sum(1 for lot in lots if Decimal(lot["on_hand"]) > 0),
        "shipments": len({s["shipment"] for s in snapshot["shipments"]}),
        "customers": len(snapshot["customers"]),
        "ambiguous": len(snapshot["ambiguous_links"]),
        "flagged": sum(1 for lot in lots if lot["flags"]),
    }
