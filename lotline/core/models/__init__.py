"""The domain model. Import from here: ``from lotline.core.models import Lot``."""

from .ledger import LEDGER_TABLES, Event, EventKind, EventLine, GenealogyLink, LinkVoid, StockBalance
from .lots import Delivery, Lot, LotNumberCounter
from .master import Item, Location, Machine, Party, Site
from .orders import Recipe, RecipeLine, Shipment, WorkOrder

__all__ = [
    "LEDGER_TABLES",
    "Delivery",
    "Event",
    "EventKind",
    "EventLine",
    "GenealogyLink",
    "Item",
    "LinkVoid",
    "Location",
    "Lot",
    "LotNumberCounter",
    "Machine",
    "Party",
    "Recipe",
    "RecipeLine",
    "Shipment",
    "Site",
    "StockBalance",
    "WorkOrder",
]
