"""Stored codes in the reader's words: ``{{ code|lot_status }}`` ("on_hold" → "on hold", translated).

Query results (TraceLot, snapshots of recall cases) carry the stored code, not a model instance with its
``get_status_display``; pages show them through this filter instead of the raw code.
"""

from __future__ import annotations

from django import template

from lotline.core.models import Lot

register = template.Library()
STATUS_LABELS = dict(Lot.Status.choices)


@register.filter
def lot_status(code: str) -> str:
    return str(STATUS_LABELS.get(code, code))
