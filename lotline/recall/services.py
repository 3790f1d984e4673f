"""Recall cases: save a scope as a case, contain it (hold what is on hand), release it.

Holding and releasing go through lotline.core.services.hold / release, so every change of a lot's status
is a ledger event carrying the case number as its reference and the case as its reason.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotline.core.access import sites_for
from lotline.core.models import Event, EventKind, Lot, Site
from lotline.core.services import EventContext, LedgerError, hold, release

from .models import RecallCase
from .scope import ScopeSource, compute_scope, site_timezone, snapshot_of


def case_saved_with(token: str | None) -> RecallCase | None:
    """The case a form with this one-time token already saved, if any."""
    return RecallCase.objects.filter(save_token=token).first() if token else None


def create_case(
    user, source: ScopeSource, *, title: str, notes: str = "", token: str | None = None
) -> RecallCase:
    """Compute the scope now and keep it, frozen, as a new open recall case.

    ``token`` is the saving form's one-time token: a form sent twice (Back and Save again, a double click)
    returns the case the first send created instead of a second, identical one.
    """
    token = (token or "").strip()[:64] or None
    existing = case_saved_with(token)
    if existing is not None:
        return existing
    scope = compute_scope(source)
    snapshot = snapshot_of(scope)
    for attempt in range(5):
        existing = case_saved_with(token)
        if existing is not None:  # the other send of the same form won the race
            return existing
        try:
            with transaction.atomic():
                case = RecallCase.objects.create(
                    number=next_case_number(),
                    title=(title or scope.description)[:200],
                    created_at=timezone.now(),
                    created_by=user if user and user.is_authenticated else None,
                    delivery_id=source.delivery_id,
                    window_start=source.start,
                    window_end=source.end,
                    machine_id=source.machine_id,
                    operator_id=source.operator_id,
                    snapshot=snapshot,
                    notes=notes,
                    save_token=token,
                )
                case.suspect_lots.set(Lot.objects.filter(number__in=source.lot_numbers))
                return case
        except IntegrityError:  # two saves at the same moment: the same number, or the same form twice
            existing = case_saved_with(token)
            if existing is not None:
                return existing
            if attempt == 4:
                raise
    raise AssertionError("unreachable: the last attempt returns or raises")


def next_case_number() -> str:
    year = timezone.now().year
    prefix = f"RC-{year}-"
    last = (
        RecallCase.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{seq:03d}"


def source_of(case: RecallCase) -> ScopeSource:
    return ScopeSource(
        lot_numbers=list(case.suspect_lots.order_by("number").values_list("number", flat=True)),
        delivery_id=case.delivery_id,
        start=case.window_start,
        end=case.window_end,
        machine_id=case.machine_id,
        operator_id=case.operator_id,
    )


def hold_reason(case: RecallCase) -> str:
    return _("Recall case %(number)s: %(title)s") % {"number": case.number, "title": case.title}


@dataclass
class Containment:
    """What a contain (or release) did: the lots changed here, and those at sites the user may not act
    at — a supervisor there has to do it, so the case stays open for them."""

    done: list[str]
    elsewhere: list[Lot]


def at_my_sites(lots: list[Lot], user) -> tuple[list[Lot], list[Lot]]:
    """Split lots into those at the user's sites and the others. The desk shows a recall's whole path,
    across sites (a recall must not stop at a site boundary), but holds and releases only where the user
    works, like every other recorded action."""
    mine = set(sites_for(user).values_list("pk", flat=True))
    return [lot for lot in lots if lot.site_id in mine], [lot for lot in lots if lot.site_id not in mine]


def contain_case(case: RecallCase, user) -> Containment:
    """Hold every affected lot still on hand and released, at the user's sites.

    The scope is recomputed now (stock may have moved since the case was saved); lots already held for
    another reason keep that hold. One hold event per site, each referencing the case number. The case
    counts as contained once nothing on hand is left unheld; the first time that happens is kept.
    """
    mine, elsewhere = at_my_sites(lots_to_hold(case), user)
    by_site: dict[int, list[Lot]] = defaultdict(list)
    for lot in mine:
        by_site[lot.site_id].append(lot)
    held: list[str] = []
    with transaction.atomic():
        for site_id, lots in sorted(by_site.items()):
            ctx = EventContext(user=user, site=Site.objects.get(pk=site_id))
            recorded = hold(ctx, lots=lots, reason=hold_reason(case), reference=case.number)
            held += [lot.number for lot in recorded.lots]
        if not elsewhere and case.status != RecallCase.Status.CONTAINED:
            case.status = RecallCase.Status.CONTAINED
            case.contained_at = timezone.now()
            case.contained_by = user
            case.save(update_fields=["status", "contained_at", "contained_by"])
    return Containment(sorted(held), elsewhere)


def lots_to_hold(case: RecallCase) -> list[Lot]:
    """What containment would hold now: the affected lots still on hand and released (scope recomputed).
    The confirmation step shows this list; contain_case holds it."""
    if case.status == RecallCase.Status.CLOSED:
        raise LedgerError("case_closed", _("Recall case %(number)s is closed.") % {"number": case.number})
    scope = compute_scope(source_of(case))
    on_hand_ids = [a.lot.id for a in scope.on_hand_lots if a.lot.status == Lot.Status.RELEASED]
    return list(
        Lot.objects.filter(pk__in=on_hand_ids, status=Lot.Status.RELEASED)
        .select_related("item", "site")
        .order_by("number")
    )


def lots_held_by(case: RecallCase) -> list[Lot]:
    """Lots this case's hold events put on hold that are still on hold (read from the ledger)."""
    ids = Event.objects.filter(kind=EventKind.HOLD, reference=case.number).values("lines__lot_id")
    return list(
        Lot.objects.filter(pk__in=ids, status=Lot.Status.ON_HOLD).select_related("site").order_by("number")
    )


def release_case(case: RecallCase, user, *, reason: str) -> Containment:
    """Release the lots this case holds at the user's sites; the release events carry the case number
    too. The case is closed once it holds nothing anywhere."""
    if case.status == RecallCase.Status.CLOSED:
        raise LedgerError("case_closed", _("Recall case %(number)s is closed.") % {"number": case.number})
    if case.status == RecallCase.Status.OPEN and not lots_held_by(case):
        # Releasing would only close the case — before anyone (perhaps at another site) contained it.
        raise LedgerError(
            "not_contained",
            _("Recall case %(number)s holds no lot yet: there is nothing to release.")
            % {"number": case.number},
        )
    if not (reason or "").strip():
        raise LedgerError("missing_reason", _("Say why the lots are released."), field="reason")
    mine, elsewhere = at_my_sites(lots_held_by(case), user)
    released: list[str] = []
    by_site: dict[int, list[Lot]] = defaultdict(list)
    for lot in mine:
        by_site[lot.site_id].append(lot)
    with transaction.atomic():
        for site_id, lots in sorted(by_site.items()):
            ctx = EventContext(user=user, site=Site.objects.get(pk=site_id))
            text = _("Recall case %(number)s released: %(reason)s") % {
                "number": case.number,
                "reason": reason,
            }
            recorded = release(ctx, lots=lots, reason=text, reference=case.number)
            released += [lot.number for lot in recorded.lots]
        if not elsewhere:
            close_case(case, user)
    return Containment(sorted(released), elsewhere)


def close_case(case: RecallCase, user) -> None:
    case.status = RecallCase.Status.CLOSED
    case.closed_at = timezone.now()
    case.closed_by = user
    case.save(update_fields=["status", "closed_at", "closed_by"])


__all__ = [
    "Containment",
    "at_my_sites",
    "case_saved_with",
    "close_case",
    "contain_case",
    "create_case",
    "lots_held_by",
    "lots_to_hold",
    "release_case",
    "site_timezone",
]
