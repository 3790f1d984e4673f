"""Request and response shapes of the events API (they are the OpenAPI schema too)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

EVENT_ID = Field(
    None,
    description="Client event id (UUID). The same id twice is the same event: "
    "re-sending is harmless, which is what makes the offline queue safe.",
)
OCCURRED_AT = Field(None, description="When it happened on the floor (ISO 8601 with offset); default now.")
SCAN = Field(
    ...,
    description="Our lot number, or anything scanned from a lot label: a GS1 element string "
    "(GS as \\u001d) or a GS1 Digital Link URI.",
)


class ReceiveIn(Schema):
    event_id: uuid.UUID | None = EVENT_ID
    item: str = Field(..., description="Item code")
    supplier: str = Field(..., description="Supplier code")
    supplier_lot: str
    delivery_ref: str = Field(..., description="The supplier's delivery note number")
    quantity: Decimal
    unit: str | None = None
    expires_on: date | None = None
    lot_number: str | None = Field(None, description="Our lot number, when pre-printed; default: next number")
    site: str | None = Field(None, description="Site code; default: the caller's site")
    occurred_at: datetime | None = OCCURRED_AT


class ConsumeIn(Schema):
    event_id: uuid.UUID | None = EVENT_ID
    work_order: str
    lot: str = SCAN
    quantity: Decimal | None = Field(None, description="Default: all of the lot on hand")
    unit: str | None = None
    occurred_at: datetime | None = OCCURRED_AT


class ProduceIn(Schema):
    event_id: uuid.UUID | None = EVENT_ID
    work_order: str
    quantity: Decimal
    unit: str | None = None
    machine: str | None = Field(None, description="Machine code; default: the work order's machine")
    lot_number: str | None = None
    occurred_at: datetime | None = OCCURRED_AT


class ShipLineIn(Schema):
    lot: str = SCAN
    quantity: Decimal | None = Field(None, description="Default: all of the lot on hand")


class ShipIn(Schema):
    event_id: uuid.UUID | None = EVENT_ID
    customer: str = Field(..., description="Customer code")
    document: str = Field(..., description="Shipping document number (delivery note, invoice)")
    lines: list[ShipLineIn]
    site: str | None = None
    occurred_at: datetime | None = OCCURRED_AT


class LotOut(Schema):
    number: str
    item: str
    item_name: str
    status: str
    unit: str
    quantity: Decimal | None = Field(None, description="Quantity this event moved (base unit)")


class EventOut(Schema):
    event_id: uuid.UUID
    kind: str
    created: bool = Field(..., description="False when this event id was already recorded (a re-send)")
    message: str
    lots: list[LotOut]


class StockOut(Schema):
    location: str
    quantity: Decimal


class LotDetailOut(Schema):
    number: str
    item: str
    item_name: str
    status: str
    unit: str
    on_hand: Decimal
    stock: list[StockOut]
    expires_on: date | None
    supplier: str | None
    supplier_lot: str
    work_order: str | None


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None
