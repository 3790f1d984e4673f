"""`lotline recall`: the recall scope of suspect lots, a supplier delivery, or a machine's time window."""

from django.utils.translation import gettext as _

from lotline.core.queries import (
    RecallScope,
    merge_links,
    recall_for_delivery,
    recall_for_window,
    recall_scope,
)
from lotline.core.services import find_delivery, find_lot

from ._output import (
    LedgerCommand,
    add_format_argument,
    amount,
    find_machine,
    find_site,
    local,
    parse_moment,
    refuse,
    table,
    to_csv,
    to_json,
)

LOT_HEADERS = ["lot", "item", "made", "used", "shipped", "scrapped", "on_hand", "unit", "status"]
CSV_HEADERS = [
    "lot",
    "item",
    "status",
    "made",
    "used",
    "scrapped",
    "on_hand",
    "on_hand_at",
    "unit",
    "shipment",
    "shipped_at",
    "customer",
    "customer_name",
    "contact",
    "email",
    "phone",
    "shipped_qty",
    "ambiguous_inputs",
]


class Command(LedgerCommand):
    help = _(
        "Recall scope: lotline recall LOT [LOT…] | --delivery DN-2026-0815 [--supplier HUETTE] | "
        "--machine CNC1 --from 2026-11-04T06:00 --to 2026-11-04T14:00  [--format table|csv|json]"
    )
    records_events = False

    def add_arguments(self, parser):
        parser.add_argument("lots", nargs="*", metavar="LOT", help=_("suspect lot number(s)"))
        parser.add_argument("--delivery", help=_("a supplier delivery note: every lot received on it"))
        parser.add_argument(
            "--supplier", help=_("supplier code, when two suppliers used the same note number")
        )
        parser.add_argument("--machine", help=_("lots made on this machine between --from and --to"))
        parser.add_argument(
            "--from",
            dest="start",
            help=_("window start, ISO (the machine's local time unless a zone is given)"),
        )
        parser.add_argument("--to", dest="end", help=_("window end, ISO (exclusive)"))
        add_format_argument(parser)
        super().add_arguments(parser)

    def handle(self, **options):
        site = find_site(options["site"])
        scope = self.scope(options, site)
        rendered = {"table": as_table, "csv": as_csv, "json": as_json}[options["format"]](scope, site)
        self.stdout.write(rendered.rstrip("\n"))

    def scope(self, options, site) -> RecallScope:
        chosen = [bool(options["lots"]), bool(options["delivery"]), bool(options["machine"])]
        if sum(chosen) != 1:
            raise refuse(
                _("Name suspect lots, or --delivery, or --machine with --from and --to (one of them).")
            )
        if options["lots"]:
            return recall_scope([find_lot(number) for number in options["lots"]])
        if options["delivery"]:
            return recall_for_delivery(find_delivery(options["delivery"], options["supplier"]))
        if not (options["start"] and options["end"]):
            raise refuse(_("--machine needs --from and --to."))
        machine = find_machine(options["machine"])
        # Times without a zone are the machine's own wall clock, as on the recall desk and in the API.
        start, end = parse_moment(options["start"], machine.site), parse_moment(options["end"], machine.site)
        if end <= start:
            raise refuse(_("--to must be after --from."))
        return recall_for_window(start, end, machine=machine)


def lot_rows(scope: RecallScope) -> list[list]:
    return [
        [
            a.lot.number,
            a.lot.item_code,
            amount(a.made),
            amount(a.used),
            amount(a.shipped),
            amount(a.scrapped),
            amount(a.on_hand),
            a.lot.unit,
            a.lot.status,
        ]
        for a in scope.lots
    ]


def ambiguous_links(scope: RecallScope) -> list:
    """Each ambiguous input → output once (the ledger may hold a link per partial consumption)."""
    return merge_links(scope.ambiguous_links)


def ambiguous_inputs(scope: RecallScope) -> dict[str, list[str]]:
    inputs: dict[str, list[str]] = {}
    for link in ambiguous_links(scope):
        inputs.setdefault(scope.trace.number_of(link.child_id), []).append(
            scope.trace.number_of(link.parent_id)
        )
    return {lot: sorted(parents) for lot, parents in inputs.items()}


def as_table(scope: RecallScope, site) -> str:
    parts = [
        _("Recall scope: %(what)s") % {"what": scope.description},
        "",
        table(LOT_HEADERS, lot_rows(scope), numeric=[2, 3, 4, 5, 6]),
    ]
    if scope.shipments:
        rows = [
            [s.shipment, local(s.shipped_at, site), s.customer_code, s.lot_number, amount(s.quantity), s.unit]
            for s in scope.shipments
        ]
        parts += [
            "",
            _("Shipments"),
            table(["document", "shipped_at", "customer", "lot", "qty", "unit"], rows, numeric=[4]),
        ]
    if scope.customers:
        rows = [
            [c.code, c.name, c.contact_name, c.email, c.phone, " ".join(c.shipments)] for c in scope.customers
        ]
        parts += [
            "",
            _("Customers to notify"),
            table(["code", "name", "contact", "email", "phone", "shipments"], rows),
        ]
    if ambiguous_links(scope):
        parts += ["", _("Ambiguous links (work-order rule; the recall includes them):")]
        parts += [f"  {scope.describe_link(link)}  ({link.work_order})" for link in ambiguous_links(scope)]
    on_hand = len(scope.on_hand_lots)
    parts += [
        "",
        _(
            "lots: %(lots)d (with stock on hand: %(on_hand)d), shipment lines: %(shipments)d, "
            "customers: %(customers)d, ambiguous links: %(ambiguous)d; %(ms).1f ms"
        )
        % {
            "lots": len(scope.lots),
            "on_hand": on_hand,
            "shipments": len(scope.shipments),
            "customers": len(scope.customers),
            "ambiguous": len(ambiguous_links(scope)),
            "ms": scope.elapsed_ms,
        },
    ]
    return "\n".join(parts)


def as_csv(scope: RecallScope, site) -> str:
    """One sortable sheet: a row per lot and shipment line (lots not shipped get one row)."""
    ambiguous = ambiguous_inputs(scope)
    customers = {c.code: c for c in scope.customers}
    shipped: dict[str, list] = {}
    for s in scope.shipments:
        shipped.setdefault(s.lot_number, []).append(s)
    rows = []
    for a in scope.lots:
        lot = [
            a.lot.number,
            a.lot.item_code,
            a.lot.status,
            amount(a.made),
            amount(a.used),
            amount(a.scrapped),
            amount(a.on_hand),
            " ".join(f"{k}:{amount(v)}" for k, v in a.on_hand_by_location.items()),
            a.lot.unit,
        ]
        tail = [" ".join(ambiguous.get(a.lot.number, []))]
        for s in shipped.get(a.lot.number, []) or [None]:
            if s is None:
                rows.append(lot + [""] * 8 + tail)
                continue
            c = customers[s.customer_code]
            rows.append(
                lot
                + [
                    s.shipment,
                    local(s.shipped_at, site),
                    c.code,
                    c.name,
                    c.contact_name,
                    c.email,
                    c.phone,
                    amount(s.quantity),
                ]
                + tail
            )
    return to_csv(CSV_HEADERS, rows)


def as_json(scope: RecallScope, site) -> str:
    return to_json(
        {
            "description": scope.description,
            "suspects": [lot.number for lot in scope.suspects],
            "lots": [
                dict(zip(LOT_HEADERS, row, strict=True))
                | {"on_hand_by_location": a.on_hand_by_location, "depth": a.lot.depth}
                for row, a in zip(lot_rows(scope), scope.lots, strict=True)
            ],
            "shipments": [
                {
                    "document": s.shipment,
                    "shipped_at": local(s.shipped_at, site),
                    "customer": s.customer_code,
                    "lot": s.lot_number,
                    "item": s.item_code,
                    "quantity": s.quantity,
                    "unit": s.unit,
                }
                for s in scope.shipments
            ],
            "customers": [
                {
                    "code": c.code,
                    "name": c.name,
                    "contact": c.contact_name,
                    "email": c.email,
                    "phone": c.phone,
                    "address": c.address,
                    "shipments": list(c.shipments),
                }
                for c in scope.customers
            ],
            "ambiguous_links": [
                {
                    "input": scope.trace.number_of(link.parent_id),
                    "output": scope.trace.number_of(link.child_id),
                    "work_order": link.work_order,
                }
                for link in ambiguous_links(scope)
            ],
            "elapsed_ms": round(scope.elapsed_ms, 1),
        }
    )
