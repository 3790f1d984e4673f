"""Everything a batch record holds for one work order, read from the ledger and the planning history.

Inputs and outputs are the work order's ledger lines (a correction shows as its own line, marked, so the
record shows what was recorded and what was withdrawn — nothing is hidden). Holds are the hold and release
events on any lot the work order used or made, whenever they happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from lotline.core.models import Event, EventKind, EventLine, GenealogyLink, RecipeLine, WorkOrder
from lotline.planning.models import Operation, OperationConfirmation, PlanChange, WorkOrderTransition

from .bom import line_need, round_need

ZERO = Decimal(0)


@dataclass(frozen=True)
class LedgerRow:
    """An input or output line: which lot, how much, when, who, where, and whether it was a correction."""

    at: datetime
    lot_number: str
    item_code: str
    quantity: Decimal
    unit: str
    user: str
    machine: str
    location: str
    supplier_lot: str
    correction: bool


@dataclass(frozen=True)
class ConfirmationRow:
    at: datetime
    user: str
    machine: str
    answers: tuple[tuple[str, bool], ...]
    note: str


@dataclass
class OperationRow:
    sequence: int
    name: str
    where: str
    setup_minutes: Decimal
    run_minutes_per_unit: Decimal
    checks: list[str]
    confirmations: list[ConfirmationRow] = field(default_factory=list)


@dataclass(frozen=True)
class BalanceRow:
    """One recipe input: what the recipe expects for the quantity produced, what was consumed."""

    item_code: str
    expected: Decimal
    consumed: Decimal
    unit: str

    @property
    def difference_pct(self) -> Decimal | None:
        if not self.expected:
            return None
        return ((self.consumed - self.expected) * 100 / self.expected).quantize(Decimal("0.01"))


@dataclass
class BatchRecord:
    work_order: WorkOrder
    recipe_lines: list[RecipeLine]
    transitions: list[tuple[datetime, str, str, str, str]]  # at, from, to, who, note
    operations: list[OperationRow]
    inputs: list[LedgerRow]
    outputs: list[LedgerRow]
    scrapped: list[LedgerRow]
    links: list[tuple[str, str, Decimal | None, str, bool]]  # parent, child, quantity, basis, voided
    holds: list[tuple[datetime, str, str, str, str, str]]  # at, lot, status, reason, reference, who
    plan_changes: list[PlanChange]
    balance: list[BalanceRow]
    produced: Decimal
    operators: list[str]
    machines: list[str]

    @property
    def scrapped_total(self) -> Decimal:
        return sum((-r.quantity if r.correction else r.quantity for r in self.scrapped), ZERO)


def who(user) -> str:
    return user.get_username() if user is not None else "—"


def batch_record(work_order: WorkOrder) -> BatchRecord:
    wo = WorkOrder.objects.select_related("item", "site", "machine", "recipe").get(pk=work_order.pk)
    lines = (
        EventLine.objects.filter(event__work_order=wo)
        .exclude(kind__in=[EventKind.HOLD, EventKind.RELEASE])
        .select_related("event__user", "event__machine", "lot__item", "location", "event")
        .order_by("event__occurred_at", "event_id", "id")
    )

    def row(line: EventLine) -> LedgerRow:
        event = line.event
        return LedgerRow(
            event.occurred_at,
            line.lot.number,
            line.lot.item.code,
            abs(line.quantity) if line.direction else line.quantity,
            line.unit,
            who(event.user),
            event.machine.code if event.machine else (wo.machine.code if wo.machine else "—"),
            line.location.code if line.location else "",
            line.lot.supplier_lot,
            event.kind == EventKind.CORRECT,
        )

    inputs, outputs, scrapped = [], [], []
    consumed: dict[str, Decimal] = {}
    produced = ZERO
    for line in lines:
        if line.kind == EventKind.CONSUME and line.direction == -1:
            inputs.append(row(line))
            consumed[line.lot.item.code] = consumed.get(line.lot.item.code, ZERO) - line.quantity
        elif line.kind == EventKind.PRODUCE and line.direction == 1:
            outputs.append(row(line))
            produced += line.quantity
        elif line.kind == EventKind.SCRAP:
            scrapped.append(row(line))
    lot_ids = set(lines.values_list("lot_id", flat=True))
    operations = operation_rows(wo)
    transitions = transition_rows(wo)
    recipe_lines = (
        list(
            RecipeLine.objects.filter(recipe=wo.recipe)
            .select_related("component", "alternative_for__component")
            .order_by("id")
        )
        if wo.recipe_id
        else []
    )
    balance = [
        BalanceRow(
            line.component.code,
            round_need(line_need(produced, line), line.component.unit),
            consumed.get(line.component.code, ZERO),
            line.component.unit,
        )
        for line in recipe_lines
        if line.alternative_for_id is None
    ]
    holds = [
        (e.occurred_at, line.lot.number, e.new_status, e.reason, e.reference, who(e.user))
        for line in EventLine.objects.filter(lot_id__in=lot_ids, kind__in=[EventKind.HOLD, EventKind.RELEASE])
        .select_related("event__user", "lot")
        .order_by("event__occurred_at", "id")
        for e in [line.event]
    ]
    links = [
        (
            link.parent.number,
            link.child.number,
            link.quantity,
            link.get_basis_display(),
            hasattr(link, "void"),
        )
        for link in GenealogyLink.objects.filter(work_order=wo)
        .select_related("parent", "child", "void")
        .order_by("id")
    ]
    people = {r.user for r in [*inputs, *outputs, *scrapped]} | {t[3] for t in transitions}
    people |= {c.user for op in operations for c in op.confirmations}
    machines = {r.machine for r in [*inputs, *outputs]} | {
        c.machine for op in operations for c in op.confirmations
    }
    return BatchRecord(
        work_order=wo,
        recipe_lines=recipe_lines,
        transitions=transitions,
        operations=operations,
        inputs=inputs,
        outputs=outputs,
        scrapped=scrapped,
        links=links,
        holds=holds,
        plan_changes=list(
            PlanChange.objects.filter(work_order=wo).select_related("user", "from_machine", "to_machine")
        ),
        balance=balance,
        produced=produced,
        operators=sorted(people - {"—", ""}),
        machines=sorted(machines - {"—", ""} | ({wo.machine.code} if wo.machine else set())),
    )


def operation_rows(wo: WorkOrder) -> list[OperationRow]:
    operations = (
        Operation.objects.filter(routing__item_id=wo.item_id)
        .select_related("machine")
        .prefetch_related("checks")
        .order_by("sequence")
    )
    rows = {
        op.pk: OperationRow(
            op.sequence,
            op.name,
            op.machine.code if op.machine else op.machine_group or "—",
            op.setup_minutes,
            op.run_minutes_per_unit,
            [c.text for c in op.checks.all()],
        )
        for op in operations
    }
    for confirmation in (
        OperationConfirmation.objects.filter(work_order=wo)
        .select_related("confirmed_by", "machine")
        .prefetch_related("answers")
    ):
        target = rows.get(confirmation.operation_id)
        if target is not None:
            target.confirmations.append(
                ConfirmationRow(
                    confirmation.confirmed_at,
                    who(confirmation.confirmed_by),
                    confirmation.machine.code if confirmation.machine else "—",
                    tuple((a.question, a.done) for a in confirmation.answers.all()),
                    confirmation.note,
                )
            )
    return list(rows.values())


def transition_rows(wo: WorkOrder) -> list[tuple[datetime, str, str, str, str]]:
    """Recorded transitions, plus the start the floor made by its first scan (the core starts a released work
    order on its first consumption or output without a planning transition)."""
    S = WorkOrder.Status
    rows = [
        (t.at, str(S(t.from_status).label), str(S(t.to_status).label), who(t.user), t.note)
        for t in WorkOrderTransition.objects.filter(work_order=wo).select_related("user")
    ]
    recorded_start = WorkOrderTransition.objects.filter(work_order=wo, to_status=S.IN_PROGRESS).exists()
    if not recorded_start:
        first = (
            Event.objects.filter(work_order=wo)
            .filter(Q(kind=EventKind.CONSUME) | Q(kind=EventKind.PRODUCE))
            .select_related("user")
            .order_by("occurred_at", "id")
            .first()
        )
        if first is not None:
            rows.append(
                (
                    first.occurred_at,
                    str(S.RELEASED.label),
                    str(S.IN_PROGRESS.label),
                    who(first.user),
                    _("first scan on the floor"),
                )
            )
            rows.sort(key=lambda r: r[0])
    return rows
