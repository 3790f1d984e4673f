"""What the data-exchange commands share: reading a --since/--until time, refusing (exit 2, one line) what
cannot be used instead of a traceback; -o FILE is written by the CLI's shared write_output. Not a command
(the name starts with an underscore).
"""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from lotline.core.management.commands._output import refuse


def moment(text: str | None, option: str = "--since") -> datetime | None:
    """An ISO 8601 time with its zone: a document for partners must not depend on this server's clock."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise refuse(
            _("%(option)s takes an ISO date and time with its zone (2026-03-01T00:00+01:00), not %(text)s.")
            % {"option": option, "text": text}
        ) from None
    if value.tzinfo is None:
        raise refuse(
            _("%(option)s %(text)s has no time zone; give one, e.g. %(text)s+00:00.")
            % {"option": option, "text": text}
        )
    return value
