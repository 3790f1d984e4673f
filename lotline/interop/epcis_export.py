"""The ledger as an EPCIS 2.0 document, JSON-LD or XML: the one function views, the API and the CLI call."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from . import epcis_json, epcis_xml
from .epcis_model import document_events
from .ledger_source import id_scheme, ledger_events

FORMATS = ("json", "xml")


def export_epcis(
    fmt: str = "json",
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    site_code: str | None = None,
) -> bytes:
    """An EPCISDocument with every ledger event in the window (corrections as error declarations)."""
    if fmt not in FORMATS:
        raise ValueError(f"EPCIS format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    events = document_events(ledger_events(since=since, until=until, site_code=site_code), id_scheme())
    created = timezone.now()
    if fmt == "xml":
        return epcis_xml.document_to_xml(events, created=created)
    return epcis_json.dumps(epcis_json.document_to_json(events, created=created)).encode()
