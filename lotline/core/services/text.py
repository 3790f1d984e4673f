"""Free text a person or a program hands the services: trimmed, and refused when it cannot be stored.

SQLite stores a 100 kB supplier lot number without a word; PostgreSQL refuses it with an error that would
reach the user as a 500. So every edge gets the same plain refusal from here, before anything is written.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _lazy

from .errors import LedgerError

# Event.reason is a TextField: a reason is a sentence or two, not a document.
REASON_LIMIT = 1000

# Whole sentences per field, for translators (a field's name spliced into one sentence would not agree in
# gender or case in Polish or German).
TOO_LONG = {
    "supplier_lot": _lazy("The supplier's lot number is %(length)s characters long; at most %(limit)s fit."),
    "delivery_ref": _lazy("The delivery note number is %(length)s characters long; at most %(limit)s fit."),
    "document": _lazy("The document number is %(length)s characters long; at most %(limit)s fit."),
    "reference": _lazy("The reference is %(length)s characters long; at most %(limit)s fit."),
    "reason": _lazy("The reason is %(length)s characters long; at most %(limit)s fit."),
}
OTHER_TOO_LONG = _lazy("“%(field)s” is %(length)s characters long; at most %(limit)s fit.")


def fitting(value: str | None, model: type[models.Model], name: str, *, field: str | None = None) -> str:
    """``value`` trimmed, or LedgerError('too_long') when it is longer than ``model.name`` can hold."""
    text = (value or "").strip()
    limit = model._meta.get_field(name).max_length or REASON_LIMIT
    if len(text) > limit:
        field = field or name
        message = TOO_LONG.get(field) or OTHER_TOO_LONG
        raise LedgerError(
            "too_long", str(message) % {"field": field, "length": len(text), "limit": limit}, field=field
        )
    return text
