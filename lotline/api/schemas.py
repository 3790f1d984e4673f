"""Request and response shapes of the events API (they are the OpenAPI schema too)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.db import models
from ninja import Field, Schema
from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError

from lotline.core.models import Delivery, Item, Lot, Machine, Party, Shipment, Site, WorkOrder
from lotline.lib.quantities import NUMBER, format_amount

from .models import Webhook


def plain_decimal(value: Decimal) -> str:
    """The API's one way to write a quantity: a JSON string, no exponent, no trailing zeros ("12.5", "385",
    "0")."""
    return "0" if value == 0 else format_amount(value)


# A quantity in an answer.
Amount = Annotated[
    Decimal,
    PlainSerializer(plain_decimal, return_type=str),
    WithJsonSchema({"type": "string", "format": "decimal", "examples": ["12.5"]}, mode="serialization"),
]


def longest(model: type[models.Model], name: str) -> int:
    """What the column holds: the API refuses longer text before any query (SQLite's LIKE refused a 50,000
    character pattern with a 500; PostgreSQL refuses an over-long value only at the insert)."""
    return model._meta.get_field(name).max_length


# A scan is longer than the lot number it names: a GS1 element string or a Digital Link URI. 400 characters,
# as the receiving page's scanned supplier-lot field, hold any real label.
SCAN_LIMIT = 400
LOT_LIMIT = longest(Lot, "number")
# Paging of the lists (read.py). An offset past what a database integer holds was a 500; nobody pages a
# billion rows deep.
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000
WORK_ORDER_LIMIT = longest(WorkOrder, "number")
SHIPMENT_LIMIT = longest(Shipment, "number")
ITEM_LIMIT = longest(Item, "code")
PARTY_LIMIT = longest(Party, "code")
MACHINE_LIMIT = longest(Machine, "code")
SITE_LIMIT = longest(Site, "code")
UNIT_LIMIT = longest(Item, "unit")
DELIVERY_LIMIT = longest(Delivery, "reference")


def number_as_written(value: object) -> object:
    """A quantity sent as text is ASCII digits (lib.quantities.NUMBER): Python's Decimal() would also take
    "1_000" and other scripts' digits, which no scale sends and which would be booked as something else."""
    if isinstance(value, str) and not NUMBER.fullmatch(value.strip()):
        raise PydanticCustomError("decimal_parsing", "not a number")
    if isinstance(value, bool):  # JSON true is no quantity (Python counts it as 1)
        raise PydanticCustomError("decimal_type", "not a number")
    return value


def iso_text(value: object) -> object:
    """Times and dates come as ISO 8601 text: a bare number (0, 1.5) would be read as seconds since 1970."""
    if value is not None and not isinstance(value, str | datetime | date):
        raise PydanticCustomError("datetime_type", "not an ISO time")
    return value


QuantityIn = Annotated[Decimal, BeforeValidator(number_as_written)]
TimeIn = Annotated[datetime, BeforeValidator(iso_text)]
DayIn = Annotated[date, BeforeValidator(iso_text)]


class In(Schema):
    """A request body. Fields it does not know are refused (422 "Unknown field occured_at."), not ignored:
    a misspelt occurred_at recorded the event "now", and a ship line's "unit": "kg" was dropped and its
    quantity read in the item's own unit."""

    model_config = ConfigDict(extra="forbid")


EVENT_ID = Field(
    None,
    description="Client event id (UUID). The same id twice is the same event: "
    "re-sending is harmless, which is what makes the offline queue safe.",
)
OCCURRED_AT = Field(
    None,
    description="When it happened on the floor (ISO 8601 with an offset, required: a time without one is "
    "refused); default now.",
)
SCAN = Field(
    ...,
    max_length=SCAN_LIMIT,
    description="Our lot number, or anything scanned from a lot label: a GS1 element string "
    "(GS as \\u001d) or a GS1 Digital Link URI.",
)
UNIT = Field(None, max_length=UNIT_LIMIT, description="Unit of the quantity; default: the item's base unit")


class ReceiveIn(In):
    event_id: uuid.UUID | None = EVENT_ID
    item: str = Field(..., max_length=ITEM_LIMIT, description="Item code")
    supplier: str = Field(..., max_length=PARTY_LIMIT, description="Supplier code")
    supplier_lot: str = Field(..., max_length=longest(Lot, "supplier_lot"))
    delivery_ref: str = Field(
        ..., max_length=DELIVERY_LIMIT, description="The supplier's delivery note number"
    )
    quantity: QuantityIn
    unit: str | None = UNIT
    expires_on: DayIn | None = None
    lot_number: str | None = Field(
        None, max_length=LOT_LIMIT, description="Our lot number, when pre-printed; default: next number"
    )
    site: str | None = Field(None, max_length=SITE_LIMIT, description="Site code; default: the caller's site")
    occurred_at: TimeIn | None = OCCURRED_AT


class ConsumeIn(In):
    event_id: uuid.UUID | None = EVENT_ID
    work_order: str = Field(..., max_length=WORK_ORDER_LIMIT)
    lot: str = SCAN
    quantity: QuantityIn | None = Field(None, description="Default: all of the lot on hand")
    unit: str | None = UNIT
    occurred_at: TimeIn | None = OCCURRED_AT


class ProduceInputIn(In):
    lot: str = SCAN
    quantity: QuantityIn = Field(..., description="How much of that lot went into this output (base unit)")


class ProduceIn(In):
    event_id: uuid.UUID | None = EVENT_ID
    work_order: str = Field(..., max_length=WORK_ORDER_LIMIT)
    quantity: QuantityIn
    unit: str | None = UNIT
    machine: str | None = Field(
        None, max_length=MACHINE_LIMIT, description="Machine code; default: the work order's machine"
    )
    lot_number: str | None = Field(None, max_length=LOT_LIMIT)
    inputs: list[ProduceInputIn] = Field(
        default_factory=list,
        description="The lots that went into exactly this output, consumed in the same event: explicit "
        "genealogy links. Leave out to link the work order's consumptions by the work-order rule.",
    )
    occurred_at: TimeIn | None = OCCURRED_AT


class ShipLineIn(In):
    lot: str = SCAN
    quantity: QuantityIn | None = Field(None, description="Default: all of the lot on hand")


class ShipIn(In):
    event_id: uuid.UUID | None = EVENT_ID
    customer: str = Field(..., max_length=PARTY_LIMIT, description="Customer code")
    document: str = Field(
        ..., max_length=SHIPMENT_LIMIT, description="Shipping document number (delivery note, invoice)"
    )
    lines: list[ShipLineIn]
    site: str | None = Field(None, max_length=SITE_LIMIT)
    occurred_at: TimeIn | None = OCCURRED_AT


class LotOut(Schema):
    number: str
    item: str
    item_name: str
    status: str
    unit: str
    quantity: Amount | None = Field(None, description="Quantity this event moved (base unit)")


class EventOut(Schema):
    event_id: uuid.UUID
    kind: str
    created: bool = Field(..., description="False when this event id was already recorded (a re-send)")
    message: str
    lots: list[LotOut]


class StockOut(Schema):
    location: str
    quantity: Amount


class LotDetailOut(Schema):
    number: str
    item: str
    item_name: str
    status: str
    unit: str
    on_hand: Amount
    stock: list[StockOut]
    expires_on: date | None
    supplier: str | None
    supplier_lot: str
    work_order: str | None


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None


# --- Reads (lists are paged: limit/offset in, total out) ------------------------------------------------


class LotSummaryOut(Schema):
    number: str
    item: str
    item_name: str
    status: str
    origin: str
    unit: str
    site: str
    created_at: datetime
    expires_on: date | None
    supplier: str | None
    supplier_lot: str
    delivery: str | None
    work_order: str | None
    machine: str | None


class LotPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[LotSummaryOut]


class WorkOrderOut(Schema):
    number: str
    item: str
    item_name: str
    status: str
    site: str
    machine: str | None
    quantity_planned: Amount
    unit: str
    due_date: date | None
    customer_ref: str
    output_lots: list[str]


class WorkOrderPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[WorkOrderOut]


class ShipmentLineOut(Schema):
    lot: str
    item: str
    quantity: Amount
    unit: str


class ShipmentOut(Schema):
    number: str
    customer: str
    customer_name: str
    site: str
    shipped_at: datetime
    sscc: str
    lines: list[ShipmentLineOut]


class ShipmentPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[ShipmentOut]


class EventLineOut(Schema):
    lot: str
    quantity: Amount
    unit: str
    location: str | None


class LedgerEventOut(Schema):
    event_id: uuid.UUID
    kind: str
    occurred_at: datetime
    recorded_at: datetime
    site: str
    user: str | None
    work_order: str | None
    machine: str | None
    shipment: str | None
    delivery: str | None
    new_status: str
    reason: str
    reference: str
    corrects: uuid.UUID | None
    lines: list[EventLineOut]


class EventPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[LedgerEventOut]


# --- Trace and recall ---------------------------------------------------------------------------------
# Plain pydantic models, not ninja Schemas: a Schema runs a Django-aware root validator per instance, which
# cost 0.2 ms a lot — 150 ms of a 630-lot trace (bench variant (e)); BaseModel builds the same JSON.


class TraceLotOut(BaseModel):
    number: str
    depth: int = Field(..., description="Steps from the nearest root (0 = a root)")
    item: str
    item_name: str
    item_kind: str
    unit: str
    status: str
    origin: str
    created_at: datetime
    expires_on: date | None
    supplier: str | None
    supplier_lot: str
    delivery: str | None
    work_order: str | None
    machine: str | None


class TraceLinkOut(BaseModel):
    parent: str = Field(..., description="Input lot")
    child: str = Field(..., description="Output lot")
    quantity: Amount | None
    unit: str
    work_order: str | None
    basis: str = Field(..., description="explicit (inputs named) or implicit (the work-order rule)")
    ambiguous: bool = Field(..., description="An implicit link that may not be real (the split is unknown)")


class DeliveryRefOut(BaseModel):
    supplier: str
    delivery: str


class TraceOut(BaseModel):
    direction: str
    depth: int | None
    roots: list[str]
    lots: list[TraceLotOut]
    links: list[TraceLinkOut]
    deliveries: list[DeliveryRefOut] = Field(..., description="Backward: the supplier deliveries reached")
    elapsed_ms: float


class RecallIn(In):
    lots: list[Annotated[str, Field(max_length=LOT_LIMIT)]] = Field(
        default_factory=list, description="Suspect lot numbers"
    )
    delivery: str | None = Field(
        None, max_length=DELIVERY_LIMIT, description="A supplier delivery note number"
    )
    supplier: str | None = Field(
        None, max_length=PARTY_LIMIT, description="The delivery's supplier code (when notes collide)"
    )
    machine: str | None = Field(None, max_length=MACHINE_LIMIT, description="Machine code, with from/to")
    start: TimeIn | None = Field(
        None, alias="from", description="Window start (ISO 8601; without an offset, the machine's wall clock)"
    )
    end: TimeIn | None = Field(None, alias="to", description="Window end (exclusive)")

    model_config = ConfigDict(populate_by_name=True)


class AffectedLotOut(BaseModel):
    number: str
    item: str
    item_name: str
    unit: str
    status: str
    origin: str
    depth: int
    made: Amount
    used: Amount
    scrapped: Amount
    shipped: Amount
    adjusted: Amount
    on_hand: Amount
    on_hand_by_location: dict[str, Amount]


class RecallShipmentOut(BaseModel):
    shipment: str
    shipped_at: datetime
    customer: str
    customer_name: str
    lot: str
    item: str
    quantity: Amount
    unit: str


class CustomerOut(BaseModel):
    code: str
    name: str
    contact_name: str
    email: str
    phone: str
    address: str
    shipments: list[str]


class AmbiguousLinkOut(BaseModel):
    parent: str
    child: str
    work_order: str | None


class RecallOut(BaseModel):
    description: str
    suspects: list[str]
    lots: list[AffectedLotOut]
    shipments: list[RecallShipmentOut]
    customers: list[CustomerOut]
    ambiguous_links: list[AmbiguousLinkOut]
    elapsed_ms: float


# --- Webhooks (admin scope) ---------------------------------------------------------------------------


class WebhookIn(In):
    name: str = Field(..., max_length=longest(Webhook, "name"))
    url: str = Field(..., max_length=longest(Webhook, "url"), description="http(s) URL that receives POSTs")
    events: list[str] | None = Field(
        None,
        max_length=20,
        description="Any of lot.held, lot.released, recall_case.created (leave out for all; not empty)",
    )
    secret: str | None = Field(
        None,
        max_length=longest(Webhook, "secret"),
        description="Signing secret; default: a random one, returned once",
    )


class WebhookOut(Schema):
    id: int
    name: str
    url: str
    events: list[str]
    is_active: bool
    created_at: datetime


class WebhookCreatedOut(WebhookOut):
    secret: str = Field(..., description="Shown once: sign-check bodies with it")


class WebhookDeliveryOut(Schema):
    id: uuid.UUID
    event: str
    status: str
    attempts: int
    response_status: int | None
    last_error: str
    created_at: datetime
    next_attempt_at: datetime | None
    delivered_at: datetime | None
