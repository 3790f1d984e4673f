"""What the `lotline` commands share: who and where an event is recorded, look-ups by code, and output as a
table on screen, CSV or JSON (Decimals as strings, times in the site's time zone).

Modules whose names start with an underscore are not commands (Django skips them).
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from lotline.core.models import Item, Location, Machine, Party, Site, WorkOrder
from lotline.core.services import EventContext, LedgerError
from lotline.core.services.context import skipped_time_message
from lotline.lib.quantities import format_amount
from lotline.lib.times import FIRST_YEAR, LAST_YEAR, SkippedTime, wall_clock, within_plant_years

REFUSED = 2  # exit code for a refused request: nothing was written
FORMATS = ("table", "csv", "json")


def refuse(message: str) -> CommandError:
    return CommandError(message, returncode=REFUSED)


class LedgerCommand(BaseCommand):
    """A command that records events: --site, --user, --event-id; a LedgerError exits 2 with its message."""

    records_events = True

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--site", help=_("site code (default: the only, or first, site)"))
        if self.records_events:
            parser.add_argument("--user", help=_("who records it (default: $LOTLINE_CLI_USER or 'cli')"))
            parser.add_argument("--event-id", help=_("client event id (UUID): sending it twice records once"))
            parser.add_argument(
                "--at",
                help=_("when it happened, ISO in site time (default: now; for paper records typed in later)"),
            )

    def execute(self, *args: Any, **options: Any) -> Any:
        try:
            return super().execute(*args, **options)
        except LedgerError as exc:
            raise refuse(exc.message) from None

    def context(self, options: dict[str, Any], **kwargs: Any) -> EventContext:
        site = kwargs.pop("site", None) or find_site(options.get("site"))
        if options.get("at"):
            kwargs["occurred_at"] = parse_moment(options["at"], site)
        return EventContext(
            user=cli_user(options.get("user")), site=site, uid=options.get("event_id"), **kwargs
        )


def cli_user(name: str | None):  # -> User
    """The named user; the default 'cli' user is created on first use and cannot sign in."""
    User = get_user_model()
    name = name or os.environ.get("LOTLINE_CLI_USER") or "cli"
    user = User.objects.filter(username=name).first()
    if user is not None:
        return user
    if name != "cli":
        raise refuse(_("No user %(name)s.") % {"name": name})
    user = User(username="cli", first_name="Command line", is_active=False)
    user.set_unusable_password()
    user.save()
    return user


def find_site(code: str | None) -> Site:
    site = Site.objects.filter(code=code).first() if code else Site.default()
    if site is None:
        raise refuse(
            _("No site %(code)s.") % {"code": code} if code else _("There is no site yet; load the demo.")
        )
    return site


def by_code(model: type, code: str, unknown: str, **filters: Any) -> Any:
    """The row with that code, or a refusal: ``unknown`` is a whole sentence with %(code)s."""
    found = model.objects.filter(code=code, **filters).first() if code else None
    if found is None:
        raise refuse(unknown % {"code": code or "''"})
    return found


def find_item(code: str) -> Item:
    return by_code(Item, code, _("No item with code %(code)s."))


def find_party(code: str, role: str) -> Party:
    """A supplier or customer (``role`` a Party.Role value) by code."""
    unknown = {
        Party.Role.SUPPLIER: _("No supplier with code %(code)s."),
        Party.Role.CUSTOMER: _("No customer with code %(code)s."),
    }[role]
    return by_code(Party, code, unknown)


def find_location(site: Site, code: str | None) -> Location | None:
    if not code:
        return None
    return by_code(Location, code, _("No location with code %(code)s at this site."), site=site)


def find_machine(code: str | None) -> Machine | None:
    return by_code(Machine, code, _("No machine with code %(code)s.")) if code else None


def find_work_order(number: str) -> WorkOrder:
    work_order = WorkOrder.objects.select_related("site", "item").filter(number=number).first()
    if work_order is None:
        raise refuse(_("No work order %(number)s.") % {"number": number})
    return work_order


def lot_quantities(pairs: Sequence[str], option: str) -> list[tuple[str, str]]:
    """``LOT=QTY`` arguments as (lot number, quantity text)."""
    parsed = []
    for pair in pairs:
        lot, sep, quantity = pair.partition("=")
        if not sep or not lot.strip() or not quantity.strip():
            raise refuse(
                _("%(option)s takes LOT=QUANTITY, not %(given)s.") % {"option": option, "given": pair}
            )
        parsed.append((lot.strip(), quantity.strip()))
    return parsed


def parse_day(text: str, option: str) -> date:
    """A calendar date YYYY-MM-DD; a malformed or impossible one (2026-13-01) is refused (exit 2)."""
    try:
        day = parse_date(text.strip())
    except ValueError:
        day = None
    if day is None:
        raise refuse(
            _("%(option)s takes a date YYYY-MM-DD, not %(text)s.") % {"option": option, "text": text}
        )
    return day


def parse_moment(text: str, site: Site) -> datetime:
    """An ISO date or date-time; without a zone it is the site's wall clock."""
    text = text.strip()
    try:
        moment = parse_datetime(text) or (parse_datetime(f"{text}T00:00") if len(text) == 10 else None)
    except ValueError:  # well formed but no such day or hour (2026-13-01, 25:00)
        moment = None
    if moment is None:
        raise refuse(_("%(text)s is not an ISO date or time (2026-11-02T06:00).") % {"text": text})
    if not within_plant_years(moment):
        raise refuse(
            _("%(text)s lies outside the years %(first)s–%(last)s.")
            % {"text": text, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    if timezone.is_naive(moment):
        try:
            moment = wall_clock(moment, ZoneInfo(site.timezone))
        except SkippedTime as exc:
            raise refuse(skipped_time_message(exc)) from None
    return moment


def write_output(data: bytes, output: str | None) -> None:
    """To the file named by -o, else to standard output (bytes: CSV with its BOM, XLSX, PDF, XML); a file
    that cannot be written is a refusal (exit 2, one line), not a traceback."""
    if not output:
        sys.stdout.buffer.write(data)
        return
    try:
        with open(output, "wb") as out:
            out.write(data)
    except OSError as exc:
        raise refuse(
            _("Cannot write %(file)s: %(reason)s.") % {"file": output, "reason": exc.strerror}
        ) from None


# -- output -------------------------------------------------------------------------------------------------


def amount(value: Decimal | None) -> str:
    return "" if value is None else format_amount(value)


def local(moment: datetime | None, site: Site) -> str:
    if moment is None:
        return ""
    return timezone.localtime(moment, ZoneInfo(site.timezone)).isoformat(timespec="minutes")


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], numeric: Sequence[int] = ()) -> str:
    """A plain-text table: columns padded to their widest cell, numbers right-aligned."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        parts = [
            c.rjust(w) if i in numeric else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def to_json(data: Any) -> str:
    return json.dumps(data, default=_plain, indent=2, ensure_ascii=False)


def add_format_argument(parser: CommandParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="table", help=_("table (default), csv or json"))
