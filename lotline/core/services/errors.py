"""The one error type services raise: a stable code for machines, a message in the operator's words."""

from __future__ import annotations


class LedgerError(Exception):
    """A request the ledger refuses; nothing was written.

    ``code`` is stable (API clients and tests match on it); ``message`` is translated for the operator;
    ``field`` names the input at fault when there is one (for forms, spreadsheet columns, API errors);
    ``line`` the 0-based line of a many-line request (a shipment) it is about, when there is one.
    """

    def __init__(self, code: str, message: str, *, field: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = str(message)
        self.field = field
        self.line = line

    def __str__(self) -> str:
        return self.message
