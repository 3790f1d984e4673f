"""The planning app's refusal: the core's error shape (stable code, translated message, field)."""

from lotline.core.services import LedgerError


class PlanningError(LedgerError):
    """A planning request refused; nothing was written."""
