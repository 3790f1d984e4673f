"""Printing settings read here until lotline/settings.py carries them (see docs/labels.md)."""

from __future__ import annotations

import os

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import PrintingError


def company_prefix() -> str:
    """LOTLINE_GS1_COMPANY_PREFIX (setting, else environment): 6-12 digits from the plant's GS1 licence."""
    name = "LOTLINE_GS1_COMPANY_PREFIX"
    value = (getattr(settings, name, "") or os.environ.get(name, "")).strip()
    if not value:
        raise PrintingError(
            "no_company_prefix",
            _("Pallet labels need the GS1 Company Prefix: set LOTLINE_GS1_COMPANY_PREFIX (6 to 12 digits)."),
            field="LOTLINE_GS1_COMPANY_PREFIX",
        )
    if not (value.isascii() and value.isdigit() and 6 <= len(value) <= 12):
        raise PrintingError(
            "bad_company_prefix",
            _("LOTLINE_GS1_COMPANY_PREFIX=%(value)s is not a GS1 Company Prefix (6 to 12 digits).")
            % {"value": value},
            field="LOTLINE_GS1_COMPANY_PREFIX",
        )
    return value
