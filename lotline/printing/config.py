"""Printing settings read here until lotline/settings.py carries them (see docs/labels.md)."""

from __future__ import annotations

import logging
import os

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import PrintingError

log = logging.getLogger(__name__)

SETTING = "LOTLINE_GS1_COMPANY_PREFIX"


def company_prefix_problem() -> str | None:
    """What is wrong with LOTLINE_GS1_COMPANY_PREFIX, in the administrator's words (the setting's name, what
    it must hold), or None when it is usable. For the admin pages and the log, not for operators."""
    value = configured_prefix()
    if not value:
        return _(
            "%(name)s is not set: set it (setting or environment) to the 6 to 12 digits of the GS1 "
            "Company Prefix from the plant's GS1 licence."
        ) % {"name": SETTING}
    if not (value.isascii() and value.isdigit() and 6 <= len(value) <= 12):
        return _("%(name)s=%(value)s is not a GS1 Company Prefix (6 to 12 digits).") % {
            "name": SETTING,
            "value": value,
        }
    return None


def configured_prefix() -> str:
    return (getattr(settings, SETTING, "") or os.environ.get(SETTING, "")).strip()


def company_prefix() -> str:
    """LOTLINE_GS1_COMPANY_PREFIX (setting, else environment): 6-12 digits from the plant's GS1 licence.

    An operator is told, in their words, to ask the administrator; the setting's name and what is wrong with
    it go to the log (and the admin's label-print pages, see admin.py)."""
    problem = company_prefix_problem()
    if problem is None:
        return configured_prefix()
    log.warning("Pallet label refused: %s", problem)
    if configured_prefix():
        raise PrintingError(
            "bad_company_prefix",
            _(
                "Pallet labels need the company's GS1 prefix, and the one set up is not valid; ask your "
                "administrator to correct it."
            ),
            field=SETTING,
        )
    raise PrintingError(
        "no_company_prefix",
        _("Pallet labels need the company's GS1 prefix; ask your administrator to set it up."),
        field=SETTING,
    )
