"""EPCIS 2.0 JSON-LD binding: write and read EPCISDocuments, validate against GS1's JSON Schema (pure).

Quantities are JSON numbers (the schema says ``"type": "number"``). We write integral amounts as integers
and read numbers back as Decimal (``parse_float=Decimal``), so 12.345 reads back as exactly 12.345.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from .epcis_model import LOTLINE_NS, EpcisEvent, ErrorDeclaration, QuantityElement

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"


def _number(value: Decimal) -> int | float:
    # Up to 15 significant digits (a 9-digit amount with 6 decimals) a float's shortest repr is exactly the
    # decimal's digits, and that is what json writes; readers get them back exactly with parse_float=Decimal.
    return int(value) if value == value.to_integral_value() else float(value)


def _time(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _quantities(elements: list[QuantityElement]) -> list[dict[str, Any]]:
    out = []
    for element in elements:
        entry: dict[str, Any] = {"epcClass": element.epc_class}
        if element.quantity is not None:
            entry["quantity"] = _number(element.quantity)
            if element.uom:
                entry["uom"] = element.uom
        out.append(entry)
    return out


def event_to_json(event: EpcisEvent) -> dict[str, Any]:
    data: dict[str, Any] = {"type": event.type, "eventTime": _time(event.event_time)}
    if event.record_time is not None:
        data["recordTime"] = _time(event.record_time)
    data["eventTimeZoneOffset"] = event.tz_offset
    if event.event_id:
        data["eventID"] = event.event_id
    if event.error_declaration is not None:
        declaration: dict[str, Any] = {
            "declarationTime": _time(event.error_declaration.declaration_time),
            "reason": event.error_declaration.reason,
        }
        if event.error_declaration.corrective_event_ids:
            declaration["correctiveEventIDs"] = event.error_declaration.corrective_event_ids
        if event.error_declaration.note:
            declaration["lotline:reason"] = event.error_declaration.note
        data["errorDeclaration"] = declaration
    if event.type == "ObjectEvent":
        data["epcList"] = []
        data["action"] = event.action
        if event.quantity_list:
            data["quantityList"] = _quantities(event.quantity_list)
    else:
        if event.input_quantity_list:
            data["inputQuantityList"] = _quantities(event.input_quantity_list)
        if event.output_quantity_list:
            data["outputQuantityList"] = _quantities(event.output_quantity_list)
        if event.transformation_id:
            data["transformationID"] = event.transformation_id
    for key, value in (("bizStep", event.biz_step), ("disposition", event.disposition)):
        if value:
            data[key] = value
    if event.read_point:
        data["readPoint"] = {"id": event.read_point}
    if event.biz_location:
        data["bizLocation"] = {"id": event.biz_location}
    if event.biz_transactions:
        data["bizTransactionList"] = [{"type": t, "bizTransaction": b} for t, b in event.biz_transactions]
    if event.sources:
        data["sourceList"] = [{"type": t, "source": s} for t, s in event.sources]
    if event.destinations:
        data["destinationList"] = [{"type": t, "destination": d} for t, d in event.destinations]
    if event.ilmd:
        data["ilmd"] = dict(event.ilmd)
    data.update(event.extensions)
    return data


def document_to_json(events: list[EpcisEvent], *, created: datetime, sender: str = "") -> dict[str, Any]:
    document: dict[str, Any] = {
        "@context": [EPCIS_CONTEXT, {"lotline": LOTLINE_NS}],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": _time(created),
    }
    if sender:
        document["sender"] = sender
    document["epcisBody"] = {"eventList": [event_to_json(e) for e in events]}
    return document


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False)


# --- validation ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchemaProblem:
    """Why a document is not valid EPCIS, and which event (0-based index in the event list) if one."""

    message: str
    event_index: int | None
    path: str

    def __str__(self) -> str:
        where = f"event {self.event_index}: " if self.event_index is not None else ""
        return f"{where}{self.message} (at {self.path or '/'})"


RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$")


def format_checker():  # -> jsonschema.FormatChecker
    """FormatChecker with "date-time" (RFC 3339) and "uri" (RFC 3986 scheme) checks.

    jsonschema checks these formats only when the optional rfc3339-validator / rfc3987 packages are
    installed; without them "eventTime": "yesterday" would pass silently. The two rules the EPCIS schema
    leans on are short enough to state here.
    """
    import jsonschema  # imported lazily: only validation needs it

    checker = jsonschema.FormatChecker()

    @checker.checks("date-time")
    def is_datetime(value: object) -> bool:
        if not isinstance(value, str) or not RFC3339.match(value):
            return False
        try:
            datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        except ValueError:
            return False
        return True

    @checker.checks("uri")
    def is_uri(value: object) -> bool:
        return not isinstance(value, str) or bool(URI.match(value))

    return checker


@cache
def _validator():  # -> jsonschema.Draft7Validator
    import jsonschema

    schema = json.loads((SCHEMA_DIR / "EPCIS-JSON-Schema.json").read_text())
    return jsonschema.Draft7Validator(schema, format_checker=format_checker())


def validate(document: Any) -> list[SchemaProblem]:
    """Every schema error, most specific first; empty when the document is valid EPCIS 2.0 JSON."""
    problems = []
    for error in sorted(_validator().iter_errors(document), key=lambda e: list(map(str, e.absolute_path))):
        # anyOf/oneOf errors are vague at the top; the deepest sub-error names the real culprit.
        leaf = error
        while leaf.context:
            leaf = max(leaf.context, key=lambda e: len(e.absolute_path))
        path = list(leaf.absolute_path) or list(error.absolute_path)
        index = None
        if len(path) >= 3 and path[:2] == ["epcisBody", "eventList"] and isinstance(path[2], int):
            index = path[2]
        problems.append(SchemaProblem(leaf.message, index, "/" + "/".join(map(str, path))))
    return problems


# --- reading ---------------------------------------------------------------------------------------------


def loads(text: str | bytes) -> Any:
    return json.loads(text, parse_float=Decimal)


def _read_quantities(items: list[dict[str, Any]] | None) -> list[QuantityElement]:
    out = []
    for item in items or []:
        quantity = item.get("quantity")
        out.append(
            QuantityElement(
                item["epcClass"], None if quantity is None else Decimal(str(quantity)), item.get("uom")
            )
        )
    return out


def _read_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def event_from_json(data: dict[str, Any]) -> EpcisEvent:
    declaration = None
    if "errorDeclaration" in data:
        raw = data["errorDeclaration"]
        declaration = ErrorDeclaration(
            declaration_time=_read_time(raw["declarationTime"]),
            reason=raw.get("reason", ""),
            corrective_event_ids=list(raw.get("correctiveEventIDs", [])),
            note=raw.get("lotline:reason", ""),
        )
    return EpcisEvent(
        type=data["type"],
        event_time=_read_time(data["eventTime"]),
        tz_offset=data["eventTimeZoneOffset"],
        event_id=data.get("eventID", ""),
        record_time=_read_time(data["recordTime"]) if "recordTime" in data else None,
        action=data.get("action"),
        biz_step=data.get("bizStep"),
        disposition=data.get("disposition"),
        read_point=(data.get("readPoint") or {}).get("id"),
        biz_location=(data.get("bizLocation") or {}).get("id"),
        biz_transactions=[
            (b.get("type", ""), b["bizTransaction"]) for b in data.get("bizTransactionList", [])
        ],
        quantity_list=_read_quantities(data.get("quantityList")),
        input_quantity_list=_read_quantities(data.get("inputQuantityList")),
        output_quantity_list=_read_quantities(data.get("outputQuantityList")),
        transformation_id=data.get("transformationID"),
        sources=[(s["type"], s["source"]) for s in data.get("sourceList", [])],
        destinations=[(d["type"], d["destination"]) for d in data.get("destinationList", [])],
        ilmd={k: str(v) for k, v in (data.get("ilmd") or {}).items() if not isinstance(v, (dict, list))},
        error_declaration=declaration,
        extensions={k: str(v) for k, v in data.items() if k.startswith("lotline:") and isinstance(v, str)},
    )


def events_from_json(document: dict[str, Any]) -> list[EpcisEvent]:
    return [event_from_json(e) for e in document["epcisBody"]["eventList"]]
