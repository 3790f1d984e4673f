"""Which database errors mean "busy, try again" rather than "broken".

SQLite has one writer at a time: while a large import is being saved, a scan waits up to ``busy_timeout``
and then fails with "database is locked". PostgreSQL locks rows instead, and gives up with a lock timeout,
a deadlock or a serialization failure. In every case the transaction was rolled back, nothing was written,
and the same request sent again a little later succeeds (events carry their id, so a re-send is harmless).
The web and API edges answer these with 503 and a plain message instead of a 500.
"""

from __future__ import annotations

from django.db import OperationalError
from django.utils.translation import gettext_lazy as _

# SQLite's messages for SQLITE_BUSY / SQLITE_LOCKED (the sqlite3 module gives no error code before 3.11's
# sqlite_errorname on every path, and the message text is stable across SQLite versions).
SQLITE_BUSY_MESSAGES = ("database is locked", "database table is locked", "database schema is locked")
# PostgreSQL SQLSTATEs: lock_not_available, deadlock_detected, serialization_failure.
POSTGRES_RETRY_STATES = {"55P03", "40P01", "40001"}

RETRY_AFTER_SECONDS = 5
BUSY_MESSAGE = _(
    "The database is busy (a large import or another change is being saved). Nothing was saved; "
    "try again in a few seconds."
)


def is_busy(exc: BaseException) -> bool:
    """True when ``exc`` is a database error that waiting and sending the same request again will cure."""
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__ or exc
    state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if state:
        return state in POSTGRES_RETRY_STATES
    message = str(exc).lower()
    return any(text in message for text in SQLITE_BUSY_MESSAGES)
