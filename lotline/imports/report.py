"""What an import did or would do: rows read, rows in error (row number, the user's column, reason)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    """One problem, where the user sees it: sheet row (header = row 1) and their own column name."""

    row: int
    column: str
    code: str
    message: str

    def __str__(self) -> str:
        values = {"row": self.row, "column": self.column, "message": self.message}
        if not self.row:  # the file as a whole (unreadable, unknown kind): there is no row 0 to show
            return self.message
        if self.column:
            return _("row %(row)d, column %(column)s: %(message)s") % values
        return _("row %(row)d: %(message)s") % values


@dataclass
class ImportReport:
    kind: str
    filename: str
    dry_run: bool
    rows: int = 0
    created: int = 0  # events recorded or master records created/updated
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False
    elapsed_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict:
        data = asdict(self)
        data["ok"] = self.ok
        return data
