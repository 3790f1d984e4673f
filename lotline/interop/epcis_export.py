"""The ledger as an EPCIS 2.0 document, JSON-LD or XML: the one function views, the API and the CLI call."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from lotline.lib.times import FIRST_YEAR, LAST_YEAR, within_plant_years

from . import epcis_json, epcis_xml
from .epcis_model import document_events
from .ledger_source import id_scheme, ledger_events

FORMATS = ("json", "xml")


class WindowError(ValueError):
    """A since/until bound the ledger's times cannot be compared with; ``field`` names the bound."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message, self.field = message, field


def check_window(since: datetime | None, until: datetime | None) -> None:
    """Refuse a bound outside the years a plant's records can lie in (lib.times, the core's and the recall
    desk's rule). The very ends of the calendar have no UTC equivalent — 0001-01-01T00:30+01:00 lies before
    datetime.min in UTC — and the database adapter, comparing in UTC, would fail with an OverflowError."""
    for name, moment in (("since", since), ("until", until)):
        if moment is None:
            continue
        if not within_plant_years(moment, end=name == "until"):  # until is exclusive
            raise WindowError(
                _("“%(field)s”: %(value)s lies outside the years %(first)s–%(last)s.")
                % {"field": name, "value": moment.isoformat(), "first": FIRST_YEAR, "last": LAST_YEAR},
                name,
            )


def export_epcis(
    fmt: str = "json",
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    site_code: str | None = None,
) -> bytes:
    """An EPCISDocument with every ledger event in the window (corrections as error declarations); a bound
    outside the years 1970–2100 (lib.times) raises WindowError."""
    if fmt not in FORMATS:
        raise ValueError(f"EPCIS format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    check_window(since, until)
    events = document_events(ledger_events(since=since, until=until, site_code=site_code), id_scheme())
    created = timezone.now()
    if fmt == "xml":
        return epcis_xml.document_to_xml(events, created=created)
    return epcis_json.dumps(epcis_json.document_to_json(events, created=created)).encode()
