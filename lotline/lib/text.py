"""Text helpers shared by the pure modules, the core and the edges (pure: no Django)."""

from __future__ import annotations


def shorten(value: object, limit: int = 40) -> str:
    """A value echoed in a message, cut to a readable length: a 1,000-digit "number" or a 60,000-character
    "lot" should not come back whole in the operator's message."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
