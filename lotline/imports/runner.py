"""Running an import: read the table, map columns, parse every cell, then apply the rows through the core
services inside one transaction — rolled back for a dry run or when any row failed (all or nothing).

A dry run runs the very same services (so "insufficient stock", "lot on hold", "duplicate lot number" are
found, not guessed) and then rolls back; a commit keeps the work only when every row went through.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from lotline.core.access import may_use_site
from lotline.core.models import Site

from . import cells
from .apply import Session
from .kinds import DATETIME, KINDS, Kind
from .reading import BadCell, TableError, read_table
from .report import ImportReport, RowError

Progress = Callable[[int, int], None]


@dataclass(slots=True)
class ParsedRow:
    """A row whose cells all parsed: field → value (None for an empty cell or a column the sheet lacks), and
    field → the user's column name (only for the columns the sheet has)."""

    number: int
    values: dict[str, object]
    columns: dict[str, str]


class ImportAborted(Exception):
    pass


def dry_run(
    kind: str,
    file_bytes: bytes,
    filename: str,
    mapping: dict[str, str] | None = None,
    *,
    site: Site | None = None,
    user: AbstractBaseUser | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Check every row as the real import would, write nothing, and report every bad row."""
    return run_import(
        kind, file_bytes, filename, mapping, site=site, user=user, progress=progress, commit=False
    )


def commit(
    kind: str,
    file_bytes: bytes,
    filename: str,
    mapping: dict[str, str] | None = None,
    *,
    site: Site | None = None,
    user: AbstractBaseUser | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import every row or none: any bad row rolls the whole file back (report.committed says which)."""
    return run_import(
        kind, file_bytes, filename, mapping, site=site, user=user, progress=progress, commit=True
    )


def normalise(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def resolve_columns(
    kind: Kind, header: list[str], mapping: dict[str, str]
) -> tuple[dict[int, str], list[RowError]]:
    """Column index → field. ``mapping`` maps the user's column name to our field name."""
    errors: list[RowError] = []
    wanted = {normalise(k): v for k, v in mapping.items()}
    for user_name, target in mapping.items():
        if kind.column(target) is None:
            errors.append(
                RowError(
                    1,
                    user_name,
                    "unknown_field",
                    _("%(field)s is not a column of %(kind)s; use one of %(fields)s.")
                    % {"field": target, "kind": kind.name, "fields": ", ".join(kind.header)},
                )
            )
    by_index: dict[int, str] = {}
    for index, name in enumerate(header):
        key = normalise(name)
        target = wanted.get(key) or (key if kind.column(key) else None)
        if target is None or kind.column(target) is None:
            continue
        if target in by_index.values():
            errors.append(
                RowError(1, name, "duplicate_column", _("Two columns give %(field)s.") % {"field": target})
            )
            continue
        by_index[index] = target
    for column in kind.columns:
        if column.required and column.name not in by_index.values():
            errors.append(
                RowError(
                    1,
                    column.name,
                    "missing_column",
                    _("The sheet has no %(field)s column.") % {"field": column.name},
                )
            )
    return by_index, errors


def parse_rows(
    kind: Kind,
    header: list[str],
    rows: list[list[object]],
    by_index: dict[int, str],
    tz: ZoneInfo,
    errors: list[RowError],
) -> list[ParsedRow]:
    parsed: list[ParsedRow] = []
    columns = {field: header[index] for index, field in by_index.items()}
    specs = [(index, field, kind.column(field)) for index, field in by_index.items()]
    # Every field of the kind has a value, None for a column the sheet does not have: the appliers read any
    # optional field without a KeyError, and tell "column absent" from "cell empty" by ParsedRow.columns.
    absent = dict.fromkeys(c.name for c in kind.columns if c.name not in columns)
    for offset, row in enumerate(rows):
        number = offset + 2  # the header is row 1
        values: dict[str, object] = absent.copy()
        missing: list[str] = []
        good = True
        for index, field, column in specs:
            raw = row[index] if index < len(row) else None
            # (str first: nearly every cell of a CSV, and a method call less per cell on 100 k rows)
            if raw is None or (not raw.strip() if type(raw) is str else cells.text(raw) == ""):
                if column.required:  # type: ignore[union-attr]
                    missing.append(field)
                values[field] = None
                continue
            if type(raw) is str and "\x00" in raw:
                # PostgreSQL refuses NUL in text, SQLite would store it invisibly: say so here instead.
                errors.append(
                    RowError(
                        number,
                        columns[field],
                        "bad_character",
                        _("The cell contains a NUL character (0x00); remove it."),
                    )
                )
                good = False
                continue
            if type(raw) is BadCell:  # a formula without its result, #DIV/0!, infinity: say which
                errors.append(RowError(number, columns[field], raw.code, raw.message))
                good = False
                continue
            try:
                if column.parse == DATETIME:  # type: ignore[union-attr]
                    values[field] = cells.a_datetime(raw, tz)
                else:
                    values[field] = column.parse(raw)  # type: ignore[operator,union-attr]
            except cells.CellError as exc:
                errors.append(RowError(number, columns[field], exc.code, exc.message))
                good = False
            except Exception:  # a parser that trips over a value it never saw must not crash the import
                errors.append(
                    RowError(
                        number, columns[field], "bad_value", _("%(value)r cannot be read.") % {"value": raw}
                    )
                )
                good = False
        if all(value is None for value in values.values()) and all(
            cell is None or cells.text(cell) == "" for cell in row
        ):
            continue  # a blank line (spreadsheets end with a few); text in ignored columns is not blank
        for field in missing:
            errors.append(RowError(number, columns[field], "missing_value", _("This value is required.")))
            good = False
        if good:
            parsed.append(ParsedRow(number, values, columns))
    return parsed


def run_import(
    kind_name: str,
    file_bytes: bytes,
    filename: str,
    mapping: dict[str, str] | None,
    *,
    site: Site | None,
    user: AbstractBaseUser | None,
    progress: Progress | None,
    commit: bool,
) -> ImportReport:
    started = time.perf_counter()
    report = ImportReport(kind=kind_name, filename=filename, dry_run=not commit)
    kind = KINDS.get(kind_name)
    if kind is None:
        report.errors.append(
            RowError(
                0,
                "",
                "unknown_kind",
                _("Unknown import kind %(kind)s; use one of %(kinds)s.")
                % {"kind": kind_name, "kinds": ", ".join(KINDS)},
            )
        )
        return report
    site = site or Site.default()
    if site is None:
        report.errors.append(RowError(0, "", "no_site", _("Create a site first.")))
        return report
    if user is not None and not may_use_site(user, site):
        # Everything an import writes is recorded at its site: only someone who works there may import.
        # (Without a user — the command line without --user — the host's administrator is acting.)
        report.errors.append(
            RowError(
                0,
                "",
                "site_not_allowed",
                _("You do not work at site %(site)s; nothing can be imported there.") % {"site": site.code},
            )
        )
        return report
    try:
        table = read_table(file_bytes, filename)
    except TableError as exc:
        report.errors.append(RowError(exc.row, "", "unreadable", str(exc)))
        return report
    by_index, errors = resolve_columns(kind, table.header, mapping or {})
    if errors:
        report.errors = errors
        return report
    parsed = parse_rows(kind, table.header, table.rows, by_index, ZoneInfo(site.timezone), errors)
    report.rows = len(parsed) + len({e.row for e in errors})
    try:
        with transaction.atomic():
            session = Session(kind, site, user, errors)
            report.created = session.apply(parsed, progress)
            if errors or not commit:
                raise ImportAborted
    except ImportAborted:
        pass
    report.errors = sorted(errors, key=lambda e: (e.row, e.column))
    report.committed = commit and not errors
    if not report.committed:
        report.created = 0 if commit else report.created
    report.elapsed_seconds = round(time.perf_counter() - started, 3)
    return report
