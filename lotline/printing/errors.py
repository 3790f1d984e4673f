"""The one error printing raises: a label that cannot be printed right, or a printer that did not take it."""

from __future__ import annotations


class PrintingError(Exception):
    """Nothing was printed or recorded; ``message`` says why for a person, ``field`` names what to fix."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
