"""Applying parsed rows: master data is upserted, ledger rows go through the core services.

Historical rows keep their time (``occurred_at`` from the row) and pass the same checks as a scan. Each
ledger row gets a deterministic event id (uuid5 of its kind, content and how often that content appeared
before in the file), so importing the same file twice records nothing the second time.

Lookups (items, parties, machines, locations, work orders, lots) are cached for the whole file: with 100 000
consumption rows the lots are read in a few chunked queries instead of one query per row.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lotline.core.access import sites_for
from lotline.core.models import Event, Item, Location, Lot, Machine, Party, Site, WorkOrder
from lotline.core.services import (
    Consumption,
    EventContext,
    LedgerError,
    adjust,
    consume_many,
    produce,
    receive,
    ship,
)
from lotline.core.services.lots import create_lot

from .cells import CellError
from .kinds import Kind
from .report import RowError

NAMESPACE = uuid.UUID("5b0c6d1e-7d3a-4c59-9e43-1f0a7c2f4b11")  # lotline spreadsheet imports
CONSUMPTION_BATCH = 5_000  # rows per consume_many call: progress moves, memory stays flat
LOT_FIELDS = {"consumptions": ("lot",), "productions": ("input_lot",), "shipments": ("lot",)}
# LedgerError.field → our column (lines[2].lot → lot); the user's column name comes from the row.
FIELD_COLUMN = {
    "quantity": "quantity",
    "delta": "quantity",  # adjust(): the opening stock of a lot without a supplier
    "lot": "lot",
    "lot_number": "lot_number",
    "unit": "unit",
    "work_order": "work_order",
    "supplier_lot": "supplier_lot",
    "delivery_ref": "delivery_ref",
    "document": "document",
    "customer": "customer",
    "supplier": "supplier",
}
TIME_COLUMN = {
    "opening_stock": "received_at",
    "consumptions": "consumed_at",
    "productions": "produced_at",
    "shipments": "shipped_at",
}
INDEXED = re.compile(r"^(lines|inputs)\[(\d+)\]\.(\w+)$")


class RowProblem(Exception):
    def __init__(self, column: str, code: str, message: str) -> None:
        super().__init__(message)
        self.column, self.code, self.message = column, code, message


class Session:
    """One import run: the kind, where and by whom, the caches, and the error list it appends to."""

    def __init__(self, kind: Kind, site: Site, user: AbstractBaseUser | None, errors: list[RowError]) -> None:
        self.kind, self.site, self.user, self.errors = kind, site, user, errors
        self.items = {i.code: i for i in Item.objects.all()}
        self.parties = {p.code: p for p in Party.objects.all()}
        self.machines = {m.code: m for m in Machine.objects.select_related("site")}
        # The sites the importing user works at; None when no user is named (the command line without
        # --user, run by the host's administrator), who may touch every site.
        self.usable_sites = None if user is None else set(sites_for(user).values_list("pk", flat=True))
        self.locations = {loc.code: loc for loc in Location.objects.filter(site=site)}
        self.work_orders: dict[str, WorkOrder] = {}
        self.lots: dict[str, Lot] = {}
        self.seen: Counter[str] = Counter()

    # --- driving -----------------------------------------------------------------------------------------

    def apply(self, rows: list, progress: Callable[[int, int], None] | None) -> int:
        self.preload_lots(rows)
        if self.kind.name == "consumptions":
            return self.apply_consumptions_in_batches(rows, progress)
        groups = self.group(rows)
        done = created = 0
        step = max(1, len(rows) // 200)
        for group in groups:
            try:
                created += self.apply_group(group)
            except RowProblem as problem:
                self.fail(getattr(problem, "row", group[0]), problem.column, problem.code, problem.message)
            except LedgerError as exc:
                self.ledger_failure(group, exc)
            done += len(group)
            if progress and (done % step < len(group) or done == len(rows)):
                progress(done, len(rows))
        return created

    def group(self, rows: list) -> list[list]:
        """Rows that make one event: a production's inputs, a shipment's lines; otherwise one row each."""
        if self.kind.name not in ("productions", "shipments"):
            return [[row] for row in rows]
        keyed: dict[tuple, list] = defaultdict(list)
        for row in rows:
            v = row.values
            if self.kind.name == "productions":
                key = (v["work_order"], v["lot_number"]) if v["lot_number"] else ("row", row.number)
            else:
                key = (v["document"], v["customer"], v["shipped_at"])
            keyed[key].append(row)
        return list(keyed.values())

    def apply_group(self, group: list) -> int:
        handler = getattr(self, f"apply_{self.kind.name}")
        if self.kind.name == "consumptions":
            return handler(group[0])  # consume() is atomic on its own; a savepoint more would only cost time
        with transaction.atomic():
            return handler(group)

    def fail(self, row, column: str, code: str, message: str) -> None:
        self.errors.append(
            RowError(row.number, row.columns.get(column, column if column else ""), code, message)
        )

    def ledger_failure(self, group: list, exc: LedgerError) -> None:
        field = exc.field or ""
        row = group[0]
        column = FIELD_COLUMN.get(field, "")
        if field == "occurred_at":
            column = TIME_COLUMN.get(self.kind.name, "")
        match = INDEXED.match(field)
        if match:
            index = int(match.group(2))
            listed = [r for r in group if r.values.get("input_lot")] if match.group(1) == "inputs" else group
            row = listed[index] if index < len(listed) else row
            column = {"inputs": {"lot": "input_lot", "quantity": "input_quantity"}}.get(
                match.group(1), {"lot": "lot", "quantity": "quantity"}
            ).get(match.group(3), "")
        if exc.code == "unit_mismatch":
            column = "unit"
        if column not in row.columns and self.kind.column(column) is None:
            # A column of the kind that the sheet lacks is still named (supplier_lot, which a receipt
            # needs), so the user knows which one to add; anything else is the row as a whole.
            column = ""
        self.fail(row, column, exc.code, exc.message)

    # --- lookups -----------------------------------------------------------------------------------------

    def preload_lots(self, rows: list) -> None:
        numbers = {row.values.get(f) for row in rows for f in LOT_FIELDS.get(self.kind.name, ())} - {None}
        numbers = sorted(numbers)  # type: ignore[type-var]
        for start in range(0, len(numbers), 500):
            for lot in Lot.objects.select_related("item", "site").filter(
                number__in=numbers[start : start + 500]
            ):
                self.lots[lot.number] = lot

    def lot(self, number: str, column: str) -> Lot:
        lot = self.lots.get(number)
        if lot is None:
            lot = Lot.objects.select_related("item", "site").filter(number=number).first()
            if lot is None:
                raise RowProblem(
                    column, "unknown_lot", _("No lot %(number)s is known here.") % {"number": number}
                )
            self.lots[number] = lot
        return lot

    def lot_at(self, row, column: str) -> Lot:
        try:
            return self.lot(row.values[column], column)
        except RowProblem as problem:
            raise _at(row, problem.column, problem.code, problem.message) from None

    def item(self, code: str | None, column: str = "item") -> Item:
        item = self.items.get(code or "")
        if item is None:
            raise RowProblem(column, "unknown_item", _("No item %(code)s.") % {"code": code})
        return item

    def party(self, code: str, column: str, customer: bool) -> Party:
        party = self.parties.get(code)
        if party is None or (party.is_customer if customer else party.is_supplier) is False:
            word = _("customer") if customer else _("supplier")
            raise RowProblem(
                column,
                f"unknown_{'customer' if customer else 'supplier'}",
                _("No %(role)s %(code)s.") % {"role": word, "code": code},
            )
        return party

    def may_use(self, site: Site) -> bool:
        return self.usable_sites is None or site.pk in self.usable_sites

    def machine(self, code: str | None) -> Machine | None:
        """The machine of a ledger row: the row's event is recorded at the import's site, so a machine of
        another site cannot have done it (and a work order created here must not point there)."""
        if not code:
            return None
        machine = self.machines.get(code)
        if machine is None:
            raise RowProblem("machine", "unknown_machine", _("No machine %(code)s.") % {"code": code})
        if machine.site_id != self.site.pk:
            raise RowProblem(
                "machine",
                "wrong_site",
                _("Machine %(code)s is at site %(site)s, not at %(here)s where this import records.")
                % {"code": machine.code, "site": machine.site.code, "here": self.site.code},
            )
        return machine

    def location(self, code: str | None) -> Location | None:
        if not code:
            return None
        location = self.locations.get(code)
        if location is None:
            raise RowProblem(
                "location",
                "unknown_location",
                _("No location %(code)s at %(site)s.") % {"code": code, "site": self.site.code},
            )
        return location

    def work_order(self, row) -> WorkOrder:
        """The work order by number; a historical one that lotline never saw is created from the row."""
        number = row.values["work_order"]
        found = self.work_orders.get(number)
        if found is None:
            found = WorkOrder.objects.select_related("item", "machine").filter(number=number).first()
        if found is None:
            if not row.values.get("item"):
                raise RowProblem(
                    "work_order",
                    "unknown_work_order",
                    _("No work order %(wo)s; give its item to create it.") % {"wo": number},
                )
            found = WorkOrder.objects.create(
                number=number,
                item=self.item(row.values["item"]),
                site=self.site,
                machine=self.machine(row.values.get("machine")),
                quantity_planned=0,
            )
        self.work_orders[number] = found
        return found

    def ctx(self, row, key: str, **kwargs) -> EventContext:
        """The event context, with an id that is the same for the same row content in the same position."""
        self.seen[key] += 1
        uid = uuid.uuid5(NAMESPACE, f"{self.kind.name}|{key}|{self.seen[key]}")
        try:
            return EventContext(user=self.user, site=self.site, uid=uid, **kwargs)
        except LedgerError as exc:
            raise RowProblem(TIME_COLUMN.get(self.kind.name, ""), exc.code, exc.message) from None

    # --- master data -------------------------------------------------------------------------------------

    def save_model(self, row, obj) -> int:
        try:
            obj.full_clean()
        except ValidationError as exc:
            field, messages = next(iter(exc.message_dict.items()))
            raise RowProblem(field if field in row.columns else "", "invalid", " ".join(messages)) from None
        obj.save()
        return 1

    def apply_items(self, group: list) -> int:
        row = group[0]
        v = row.values
        kind = str(v["kind"]).lower()
        kinds = {value: value for value in Item.Kind.values} | {
            str(label).lower(): value for value, label in Item.Kind.choices
        }
        if kind not in kinds:
            raise RowProblem(
                "kind",
                "bad_choice",
                _("Kind must be one of %(kinds)s.") % {"kinds": ", ".join(Item.Kind.values)},
            )
        item = self.items.get(v["code"]) or Item(code=v["code"])
        item.name, item.kind, item.unit = v["name"], kinds[kind], v["unit"]
        # An optional column the sheet does not have leaves the item's field as it is (a new item gets the
        # model's default), as for parties: a sheet of codes and names must not wipe GTINs or food flags.
        given = row.columns
        if "gtin" in given:
            item.gtin = v["gtin"] or ""
        if "shelf_life_days" in given:
            item.shelf_life_days = v["shelf_life_days"]
        if v["lot_pattern"]:
            item.lot_pattern = v["lot_pattern"]
        if "is_food" in given:
            item.is_food = bool(v["is_food"])
        if item.pk and item.lots.exists() and Item.objects.get(pk=item.pk).unit != item.unit:
            raise RowProblem(
                "unit",
                "unit_change",
                _("Item %(code)s has lots; its unit cannot change.") % {"code": item.code},
            )
        created = self.save_model(row, item)
        self.items[item.code] = item
        return created

    def _apply_party(self, group: list, role: str) -> int:
        row = group[0]
        v = row.values
        party = self.parties.get(v["code"]) or Party(code=v["code"], role=role)
        if party.role not in (role, Party.Role.BOTH):
            party.role = Party.Role.BOTH
        for name in ("name", "address", "country", "contact_name", "email", "phone", "gln"):
            if name in row.columns:  # a column the sheet lacks leaves that field as it is
                setattr(party, name, v[name] or "")
        created = self.save_model(row, party)
        self.parties[party.code] = party
        return created

    def apply_suppliers(self, group: list) -> int:
        return self._apply_party(group, Party.Role.SUPPLIER)

    def apply_customers(self, group: list) -> int:
        return self._apply_party(group, Party.Role.CUSTOMER)

    def apply_machines(self, group: list) -> int:
        row = group[0]
        v = row.values
        machine = self.machines.get(v["code"]) or Machine(code=v["code"])
        # A machine belongs to its site: someone who does not work there may neither change it nor move
        # it away, nor create or move one into a site they do not work at.
        if machine.pk is not None and not self.may_use(machine.site):
            raise RowProblem(
                "code",
                "site_not_allowed",
                _("Machine %(code)s is at site %(site)s, where you do not work; it cannot be changed here.")
                % {"code": machine.code, "site": machine.site.code},
            )
        # Without a site column an existing machine stays where it is (a new one goes to the import's
        # site); without a group column it keeps its group — as for items and parties.
        site = self.site if machine.pk is None or "site" in row.columns else machine.site
        if v["site"]:
            site = Site.objects.filter(code=v["site"]).first()
            if site is None:
                raise RowProblem("site", "unknown_site", _("No site %(code)s.") % {"code": v["site"]})
        if not self.may_use(site):
            raise RowProblem(
                "site",
                "site_not_allowed",
                _("You do not work at site %(site)s; a machine cannot be put there.") % {"site": site.code},
            )
        machine.name, machine.site = v["name"], site
        if "group" in row.columns or machine.pk is None:
            machine.group = v["group"] or ""
        if v["hours_per_day"] is not None:
            machine.hours_per_day = v["hours_per_day"]
        created = self.save_model(row, machine)
        self.machines[machine.code] = machine
        return created

    # --- ledger rows -------------------------------------------------------------------------------------

    def apply_opening_stock(self, group: list) -> int:
        """A supplier's lot is received (keeping supplier, lot and delivery); without one it is an imported
        lot whose stock enters by an adjustment, so the ledger still explains every kilogram."""
        row = group[0]
        v = row.values
        item = self.item(v["item"])
        location = self.location(v.get("location"))
        key = f"{v['lot_number']}|{v['quantity']}|{v.get('received_at')}"
        ctx = self.ctx(row, key, occurred_at=v.get("received_at"), location=location)
        if not v.get("supplier") and Event.objects.filter(uid=ctx.uid).exists():
            return 0  # imported before (same row, same file): nothing to do
        if v.get("supplier"):
            supplier = self.party(v["supplier"], "supplier", customer=False)
            recorded = receive(
                ctx,
                item=item,
                quantity=v["quantity"],
                unit=v.get("unit"),
                supplier=supplier,
                supplier_lot=v.get("supplier_lot") or "",
                delivery_ref=v.get("delivery_ref") or "",
                expires_on=v.get("expires_on"),
                lot_number=v["lot_number"],
            )
            lot = recorded.lot
        else:
            lot = create_lot(
                ctx, item, origin=Lot.Origin.IMPORTED, number=v["lot_number"], expires_on=v.get("expires_on")
            )
            quantity = v["quantity"]
            if v.get("unit") and v["unit"] != item.unit:
                raise RowProblem(
                    "unit",
                    "unit_mismatch",
                    _("%(item)s is counted in %(unit)s, not %(given)s.")
                    % {"item": item.code, "unit": item.unit, "given": v["unit"]},
                )
            adjust(
                EventContext(
                    user=self.user,
                    site=self.site,
                    occurred_at=ctx.occurred_at,
                    location=location,
                    uid=ctx.uid,
                ),
                lot=lot,
                delta=quantity,
                reason=_("Opening stock (import)"),
                location=location,
            )
        self.lots[lot.number] = lot
        return 1

    def apply_consumptions_in_batches(self, rows: list, progress: Callable[[int, int], None] | None) -> int:
        """Consumptions go through consume_many (the rules of consume(), bulk-written), a batch at a time."""
        created = 0
        for start in range(0, len(rows), CONSUMPTION_BATCH):
            batch = []
            for row in rows[start : start + CONSUMPTION_BATCH]:
                consumption = self.consumption(row)
                if consumption is not None:
                    batch.append((row, consumption))
            outcome = consume_many(user=self.user, site=self.site, rows=[c for _row, c in batch])
            if outcome.refused:
                for index, exc in outcome.refused:
                    self.ledger_failure([batch[index][0]], exc)
                # The refused rows change nothing; the others are written as they would be row by row,
                # so a dry run reports only real problems further down the file.
                refused = {index for index, _exc in outcome.refused}
                outcome = consume_many(
                    user=self.user,
                    site=self.site,
                    rows=[c for i, (_r, c) in enumerate(batch) if i not in refused],
                )
            created += outcome.recorded + outcome.replayed
            if progress:
                progress(min(start + CONSUMPTION_BATCH, len(rows)), len(rows))
        return created

    def consumption(self, row) -> Consumption | None:
        v = row.values
        try:
            work_order = self.work_order(row)
            lot = self.lot(v["lot"], "lot")
            machine = self.machine(v.get("machine")) or work_order.machine
        except RowProblem as problem:
            self.fail(row, problem.column, problem.code, problem.message)
            return None
        key = f"{work_order.number}|{lot.number}|{v['quantity']}|{v['consumed_at']}"
        self.seen[key] += 1
        uid = uuid.uuid5(NAMESPACE, f"{self.kind.name}|{key}|{self.seen[key]}")
        return Consumption(
            work_order,
            lot,
            v["quantity"],
            unit=v.get("unit"),
            occurred_at=v["consumed_at"],
            uid=uid,
            machine=machine,
        )

    def apply_productions(self, group: list) -> int:
        first = group[0]
        v = first.values
        work_order = self.work_order(first)
        machine = self.machine(v.get("machine")) or work_order.machine
        inputs = []
        for row in group:
            if row.values.get("input_lot"):
                if row.values.get("input_quantity") is None:
                    raise _at(
                        row, "input_quantity", "missing_value", _("Give the quantity of the input lot.")
                    )
                inputs.append((self.lot_at(row, "input_lot"), row.values["input_quantity"]))
        key = f"{work_order.number}|{v.get('lot_number')}|{v['quantity']}|{v['produced_at']}|{len(inputs)}"
        ctx = self.ctx(first, key, occurred_at=v["produced_at"], work_order=work_order, machine=machine)
        recorded = produce(
            ctx,
            quantity=v["quantity"],
            unit=v.get("unit"),
            inputs=inputs or None,
            lot_number=v.get("lot_number"),
            expires_on=v.get("expires_on"),
        )
        self.lots[recorded.lot.number] = recorded.lot
        return 1

    def apply_shipments(self, group: list) -> int:
        first = group[0]
        v = first.values
        customer = self.party(v["customer"], "customer", customer=True)
        lines = [(self.lot_at(row, "lot"), row.values["quantity"]) for row in group]
        for row in group:
            if row.values.get("unit") and row.values["unit"] != self.lots[row.values["lot"]].item.unit:
                raise _at(
                    row,
                    "unit",
                    "unit_mismatch",
                    _("%(lot)s is counted in %(unit)s.")
                    % {"lot": row.values["lot"], "unit": self.lots[row.values["lot"]].item.unit},
                )
        key = f"{v['document']}|{v['shipped_at']}|" + ";".join(f"{lot.number}={q}" for lot, q in lines)
        ctx = self.ctx(first, key, occurred_at=v["shipped_at"])
        ship(ctx, customer=customer, document=v["document"], lines=lines)
        return 1


class RowProblemAt(RowProblem):
    def __init__(self, row, column: str, code: str, message: str) -> None:
        super().__init__(column, code, message)
        self.row = row


def _at(row, column: str, code: str, message: str) -> RowProblemAt:
    return RowProblemAt(row, column, code, message)


__all__ = ["CellError", "Session"]
