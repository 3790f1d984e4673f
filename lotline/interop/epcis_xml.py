"""EPCIS 2.0 XML binding: write and read EPCISDocuments, validate against GS1's XSD (pure; uses lxml).

The XSD fixes element order, so the writer follows EPCglobal-epcis-2_0.xsd's sequences exactly. In XML the
CBV values are written as full URNs (``urn:epcglobal:cbv:bizstep:receiving``); JSON uses the bare words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache

from lxml import etree

from .epcis_json import SCHEMA_DIR
from .epcis_model import LOTLINE_NS, EpcisEvent, ErrorDeclaration, QuantityElement

EPCIS_NS = "urn:epcglobal:epcis:xsd:2"
CBV_MDA = "urn:epcglobal:cbv:mda"
CBV_PREFIX = {
    "bizStep": "urn:epcglobal:cbv:bizstep:",
    "disposition": "urn:epcglobal:cbv:disp:",
    "btt": "urn:epcglobal:cbv:btt:",
    "sdt": "urn:epcglobal:cbv:sdt:",
    "er": "urn:epcglobal:cbv:er:",
}
NSMAP = {"epcis": EPCIS_NS, "cbvmda": CBV_MDA, "lotline": LOTLINE_NS}
ILMD_NS = {"cbvmda": CBV_MDA, "lotline": LOTLINE_NS}


def _urn(kind: str, value: str) -> str:
    return value if ":" in value else CBV_PREFIX[kind] + value


def _bare(kind: str, value: str) -> str:
    prefix = CBV_PREFIX[kind]
    return value[len(prefix) :] if value.startswith(prefix) else value


def _time(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def _quantities(parent: etree._Element, tag: str, elements: list[QuantityElement]) -> None:
    if not elements:
        return
    listing = _sub(parent, tag)
    for q in elements:
        element = _sub(listing, "quantityElement")
        _sub(element, "epcClass", q.epc_class)
        if q.quantity is not None:
            _sub(element, "quantity", format(q.quantity.normalize(), "f"))
            if q.uom:
                _sub(element, "uom", q.uom)


def _event_element(event: EpcisEvent) -> etree._Element:
    root = etree.Element(event.type)
    _sub(root, "eventTime", _time(event.event_time))
    if event.record_time is not None:
        _sub(root, "recordTime", _time(event.record_time))
    _sub(root, "eventTimeZoneOffset", event.tz_offset)
    if event.event_id:
        _sub(root, "eventID", event.event_id)
    if event.error_declaration is not None:
        declaration = _sub(root, "errorDeclaration")
        _sub(declaration, "declarationTime", _time(event.error_declaration.declaration_time))
        _sub(declaration, "reason", _urn("er", event.error_declaration.reason))
        if event.error_declaration.corrective_event_ids:
            ids = _sub(declaration, "correctiveEventIDs")
            for event_id in event.error_declaration.corrective_event_ids:
                _sub(ids, "correctiveEventID", event_id)
        if event.error_declaration.note:
            _sub(declaration, f"{{{LOTLINE_NS}}}reason", event.error_declaration.note)
    if event.type == "ObjectEvent":
        _sub(root, "epcList")
        _sub(root, "action", event.action)
    else:
        _quantities(root, "inputQuantityList", event.input_quantity_list)
        _quantities(root, "outputQuantityList", event.output_quantity_list)
        if event.transformation_id:
            _sub(root, "transformationID", event.transformation_id)
    if event.biz_step:
        _sub(root, "bizStep", _urn("bizStep", event.biz_step))
    if event.disposition:
        _sub(root, "disposition", _urn("disposition", event.disposition))
    if event.read_point:
        _sub(_sub(root, "readPoint"), "id", event.read_point)
    if event.biz_location:
        _sub(_sub(root, "bizLocation"), "id", event.biz_location)
    if event.biz_transactions:
        listing = _sub(root, "bizTransactionList")
        for kind, ref in event.biz_transactions:
            _sub(listing, "bizTransaction", ref).set("type", _urn("btt", kind))
    if event.type == "ObjectEvent":
        _quantities(root, "quantityList", event.quantity_list)
    for tag, child, pairs in (
        ("sourceList", "source", event.sources),
        ("destinationList", "destination", event.destinations),
    ):
        if pairs:
            listing = _sub(root, tag)
            for kind, ref in pairs:
                _sub(listing, child, ref).set("type", _urn("sdt", kind))
    if event.ilmd:
        ilmd = _sub(root, "ilmd")
        for key, value in event.ilmd.items():
            prefix, name = key.split(":", 1)
            _sub(ilmd, f"{{{ILMD_NS[prefix]}}}{name}", value)
    for key, value in event.extensions.items():  # "lotline:reason": an element of our namespace, last
        _sub(root, f"{{{LOTLINE_NS}}}{key.split(':', 1)[1]}", value)
    return root


def document_to_xml(events: list[EpcisEvent], *, created: datetime) -> bytes:
    root = etree.Element(f"{{{EPCIS_NS}}}EPCISDocument", nsmap=NSMAP)
    root.set("schemaVersion", "2.0")
    root.set("creationDate", _time(created))
    event_list = _sub(_sub(root, "EPCISBody"), "EventList")
    for event in events:
        event_list.append(_event_element(event))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- validation ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class XmlProblem:
    message: str
    event_index: int | None
    line: int

    def __str__(self) -> str:
        where = f"event {self.event_index}: " if self.event_index is not None else ""
        return f"{where}{self.message} (line {self.line})"


@cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "xsd" / "EPCglobal-epcis-2_0.xsd")))


def _parse(data: bytes) -> etree._ElementTree:
    # No network, no entities: a partner's file must not make us fetch anything or expand bombs.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser).getroottree()


def _event_elements(tree: etree._ElementTree) -> list[etree._Element]:
    event_list = tree.getroot().find("EPCISBody/EventList")
    return [] if event_list is None else [e for e in event_list if isinstance(e.tag, str)]


def validate(data: bytes) -> list[XmlProblem]:
    """XSD errors with the index of the event they are in; empty when valid."""
    try:
        tree = _parse(data)
    except etree.XMLSyntaxError as exc:
        return [XmlProblem(str(exc), None, exc.lineno or 0)]
    schema = _schema()
    if schema.validate(tree):
        return []
    starts = [e.sourceline or 0 for e in _event_elements(tree)]
    problems = []
    for error in schema.error_log:
        index = None
        for i, start in enumerate(starts):
            if start <= error.line:
                index = i
        problems.append(XmlProblem(error.message, index, error.line))
    return problems


# --- reading ---------------------------------------------------------------------------------------------


def _text(element: etree._Element, path: str) -> str | None:
    found = element.find(path)
    return None if found is None or found.text is None else found.text.strip()


def _read_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _read_quantities(element: etree._Element, tag: str) -> list[QuantityElement]:
    out = []
    for q in element.findall(f"{tag}/quantityElement"):
        quantity = _text(q, "quantity")
        out.append(
            QuantityElement(
                _text(q, "epcClass") or "", Decimal(quantity) if quantity else None, _text(q, "uom")
            )
        )
    return out


def _event_from_xml(element: etree._Element) -> EpcisEvent:
    declaration = None
    raw = element.find("errorDeclaration")
    if raw is not None:
        declaration = ErrorDeclaration(
            declaration_time=_read_time(_text(raw, "declarationTime") or ""),
            reason=_bare("er", _text(raw, "reason") or ""),
            corrective_event_ids=[e.text or "" for e in raw.findall("correctiveEventIDs/correctiveEventID")],
            note=_text(raw, f"{{{LOTLINE_NS}}}reason") or "",
        )
    ilmd: dict[str, str] = {}
    for child in element.findall("ilmd/*"):
        if not isinstance(child.tag, str):
            continue
        qname = etree.QName(child)
        prefix = next((p for p, ns in ILMD_NS.items() if ns == qname.namespace), qname.namespace or "")
        ilmd[f"{prefix}:{qname.localname}"] = (child.text or "").strip()
    record_time = _text(element, "recordTime")
    biz_step = _text(element, "bizStep")
    disposition = _text(element, "disposition")
    return EpcisEvent(
        type=etree.QName(element).localname,
        event_time=_read_time(_text(element, "eventTime") or ""),
        tz_offset=_text(element, "eventTimeZoneOffset") or "+00:00",
        event_id=_text(element, "eventID") or "",
        record_time=_read_time(record_time) if record_time else None,
        action=_text(element, "action"),
        biz_step=_bare("bizStep", biz_step) if biz_step else None,
        disposition=_bare("disposition", disposition) if disposition else None,
        read_point=_text(element, "readPoint/id"),
        biz_location=_text(element, "bizLocation/id"),
        biz_transactions=[
            (_bare("btt", b.get("type", "")), (b.text or "").strip())
            for b in element.findall("bizTransactionList/bizTransaction")
        ],
        quantity_list=_read_quantities(element, "quantityList"),
        input_quantity_list=_read_quantities(element, "inputQuantityList"),
        output_quantity_list=_read_quantities(element, "outputQuantityList"),
        transformation_id=_text(element, "transformationID"),
        sources=[
            (_bare("sdt", s.get("type", "")), (s.text or "").strip())
            for s in element.findall("sourceList/source")
        ],
        destinations=[
            (_bare("sdt", d.get("type", "")), (d.text or "").strip())
            for d in element.findall("destinationList/destination")
        ],
        ilmd=ilmd,
        error_declaration=declaration,
        extensions={
            f"lotline:{etree.QName(child).localname}": (child.text or "").strip()
            for child in element
            if isinstance(child.tag, str) and etree.QName(child).namespace == LOTLINE_NS
        },
    )


def events_from_xml(data: bytes) -> list[EpcisEvent]:
    return [_event_from_xml(e) for e in _event_elements(_parse(data))]
