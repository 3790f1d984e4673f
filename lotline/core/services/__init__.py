"""Services: every change to stock and genealogy, each in one transaction, each appending ledger events.

Callers (web, API, CLI, imports) build an EventContext (who, when, where) and call one of these. Refusals
raise LedgerError and write nothing.
"""

from .batch import BatchOutcome, Consumption, consume_many
from .context import EventContext
from .corrections import correct
from .errors import LedgerError
from .inventory import adjust, merge, move, scrap, split
from .ledger import Recorded
from .lots import find_delivery, find_lot
from .production import consume, produce
from .receiving import receive
from .shipping import ship
from .status import hold, release

__all__ = [
    "BatchOutcome",
    "Consumption",
    "consume_many",
    "EventContext",
    "LedgerError",
    "Recorded",
    "adjust",
    "consume",
    "correct",
    "find_delivery",
    "find_lot",
    "hold",
    "merge",
    "move",
    "produce",
    "receive",
    "release",
    "scrap",
    "ship",
    "split",
]
