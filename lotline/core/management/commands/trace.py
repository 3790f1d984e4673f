"""`lotline trace back|forward LOT…`: the genealogy of lots, as a table, CSV or JSON."""

from dataclasses import replace

from django.utils.translation import gettext as _

from lotline.core.queries import Trace, merge_links, trace
from lotline.core.queries.trace import MAX_DEPTH
from lotline.core.services import find_lot

from ._output import (
    LedgerCommand,
    add_format_argument,
    amount,
    find_site,
    local,
    refuse,
    table,
    to_csv,
    to_json,
)

DIRECTIONS = {"back": "backward", "backward": "backward", "forward": "forward"}
LOT_HEADERS = [
    "depth",
    "lot",
    "item",
    "status",
    "origin",
    "created",
    "supplier",
    "supplier_lot",
    "delivery",
    "work_order",
    "machine",
]


class Command(LedgerCommand):
    help = _("Trace lots: lotline trace back LOT [--depth 1] / lotline trace forward LOT [--format csv|json]")
    records_events = False

    def add_arguments(self, parser):
        parser.add_argument("direction", choices=sorted(DIRECTIONS), help=_("back (to raw lots) or forward"))
        parser.add_argument("lots", nargs="+", metavar="LOT", help=_("lot number(s)"))
        parser.add_argument("--depth", type=int, help=_("steps to walk (1: one step back or forward)"))
        add_format_argument(parser)
        super().add_arguments(parser)

    def handle(self, **options):
        if options["depth"] is not None and options["depth"] < 1:
            raise refuse(_("--depth must be 1 or more."))
        if options["depth"] is not None and options["depth"] > MAX_DEPTH:
            raise refuse(
                _("--depth takes at most %(max)d steps; leave it out for the whole trace.")
                % {"max": MAX_DEPTH}
            )
        site = find_site(options["site"])
        lots = [find_lot(number) for number in options["lots"]]
        result = trace(lots, DIRECTIONS[options["direction"]], max_depth=options["depth"])
        result = replace(result, links=merge_links(result.links))
        rendered = {"table": as_table, "csv": as_csv, "json": as_json}[options["format"]](result, site)
        self.stdout.write(rendered.rstrip("\n"))


def lot_rows(result: Trace, site) -> list[list]:
    return [
        [
            lot.depth,
            lot.number,
            lot.item_code,
            lot.status,
            lot.origin,
            local(lot.created_at, site),
            lot.supplier or "",
            lot.supplier_lot,
            lot.delivery or "",
            lot.work_order or "",
            lot.machine or "",
        ]
        for lot in result.lots
    ]


def link_rows(result: Trace) -> list[list]:
    return [
        [
            result.number_of(link.parent_id),
            result.number_of(link.child_id),
            amount(link.quantity),
            link.unit,
            link.work_order or "",
            link.basis,
            "yes" if link.ambiguous else "",
        ]
        for link in result.links
    ]


def as_table(result: Trace, site) -> str:
    title = _("Backward trace") if result.direction == "backward" else _("Forward trace")
    parts = [
        f"{title}: {', '.join(lot.number for lot in result.roots)}",
        "",
        table(LOT_HEADERS, lot_rows(result, site), numeric=[0]),
    ]
    if result.links:
        parts += [
            "",
            _("Links"),
            table(
                ["input", "output", "qty", "unit", "work_order", "basis", "ambiguous"],
                link_rows(result),
                numeric=[2],
            ),
        ]
    if result.direction == "backward" and result.deliveries:
        parts += [
            "",
            _("Supplier deliveries"),
            table(["supplier", "delivery"], [list(pair) for pair in result.deliveries]),
        ]
    ambiguous = len(result.ambiguous_links)
    parts += [
        "",
        _("lots: %(lots)d, links: %(links)d (ambiguous: %(ambiguous)d); %(ms).1f ms")
        % {
            "lots": len(result.lots),
            "links": len(result.links),
            "ambiguous": ambiguous,
            "ms": result.elapsed_ms,
        },
    ]
    return "\n".join(parts)


def as_csv(result: Trace, site) -> str:
    return to_csv(LOT_HEADERS, lot_rows(result, site))


def as_json(result: Trace, site) -> str:
    return to_json(
        {
            "direction": result.direction,
            "roots": [lot.number for lot in result.roots],
            "lots": [dict(zip(LOT_HEADERS, row, strict=True)) for row in lot_rows(result, site)],
            "links": [
                dict(
                    zip(["input", "output", "quantity", "unit", "work_order", "basis"], row[:6], strict=True)
                )
                | {"ambiguous": bool(row[6])}
                for row in link_rows(result)
            ],
            "deliveries": [{"supplier": s, "delivery": d} for s, d in result.deliveries]
            if result.direction == "backward"
            else [],
            "elapsed_ms": round(result.elapsed_ms, 1),
        }
    )
