"""Free text a person or a program hands the services: trimmed, and refused when it cannot be stored.

SQLite stores a 100 kB supplier lot number without a word; PostgreSQL refuses it with an error that would
reach the user as a 500. So every edge gets the same plain refusal from here, before anything is written.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _

from .errors import LedgerError

# Event.reason is a TextField: a reason is a sentence or two, not a document.
REASON_LIMIT = 1000


def fitting(value: str | None, model: type[models.Model], name: str, *, field: str | None = None) -> str:
    """``value`` trimmed, or LedgerError('too_long') when it is longer than ``model.name`` can hold."""
    text = (value or "").strip()
    limit = model._meta.get_field(name).max_length or REASON_LIMIT
    if len(text) > limit:
        label = model._meta.get_field(name).verbose_name
        raise LedgerError(
            "too_long",
            _("The %(label)s is %(length)s characters long; at most %(limit)s fit.")
            % {"label": label, "length": len(text), "limit": limit},
            field=field or name,
        )
    return text
