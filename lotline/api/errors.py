"""Every API error has one JSON shape: {"code": ..., "message": ..., "field": ...} with a 4xx status.

LedgerError → 422 (409 for a reused event id, 404 for unknown things); bad input → 422; no or bad
credentials → 401; missing permission or scope → 403. A busy database (core/busy.py) → 503 "busy" with
Retry-After: nothing was written, and the same request sent again later succeeds.
"""

from __future__ import annotations

from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from lotline.core.busy import BUSY_MESSAGE, RETRY_AFTER_SECONDS, is_busy
from lotline.core.services import LedgerError


class Refused(Exception):
    """An API-level refusal (permissions, site access) in the same shape as a LedgerError."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def body(code: str, message: str, field: str | None = None) -> dict:
    return {"code": code, "message": message, "field": field}


# Pydantic's own texts ("Input should be a valid decimal") reach the operator's phone through the offline
# queue: the usual ones are said in plain words here; the code stays "invalid" and the field stays named.
NUMBER_ERRORS = {
    "decimal_parsing",
    "decimal_type",
    "decimal_max_digits",
    "decimal_max_places",
    "decimal_whole_digits",
    "float_parsing",
    "float_type",
    "finite_number",
}
WHOLE_NUMBER_ERRORS = {"int_parsing", "int_type", "int_from_float", "int_parsing_size"}
BAD_JSON = gettext_lazy("The request body is not valid JSON.")
FIELD_MISSING = {
    "work_order": gettext_lazy("Fill in the work order."),
    "lot": gettext_lazy("Fill in the lot."),
    "item": gettext_lazy("Fill in the item."),
    "supplier": gettext_lazy("Fill in the supplier."),
    "supplier_lot": gettext_lazy("Fill in the supplier's lot."),
    "delivery_ref": gettext_lazy("Fill in the delivery note."),
    "customer": gettext_lazy("Fill in the customer."),
    "document": gettext_lazy("Fill in the document number."),
    "lines": gettext_lazy("Fill in the lots to ship."),
    "quantity": gettext_lazy("Fill in the quantity."),
}


def plain_message(error: dict, location: list[str]) -> str:
    """A validation error in the operator's words where we know them, else the validator's own text."""
    kind = error.get("type", "")
    name = location[-1] if location else ""
    if kind in WHOLE_NUMBER_ERRORS:
        if name == "depth":
            return _("depth must be a whole number, 1 or more (leave it out for any depth).")
        if name:
            return _("%(field)s must be a whole number.") % {"field": name}
        return _("Enter a whole number.")
    if kind in NUMBER_ERRORS:
        if name == "quantity":
            return _("Enter the quantity as a number, like 12.5.")
        return _("Enter a number, like 12.5.")
    if kind == "missing":
        if name in FIELD_MISSING:
            return str(FIELD_MISSING[name])
        return _("Something is missing: fill in every field.")
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type"):
        return _("Enter the date as year-month-day, like 2026-12-31.")
    return str(error.get("msg") or _("The request is not valid."))


def status_of(exc: LedgerError) -> int:
    if exc.code == "event_id_reused":
        return 409
    if exc.code.startswith("unknown"):
        return 404
    return 422


def field_of(exc: LedgerError) -> str | None:
    """The input at fault, with its line when a many-line request (a shipment's ``lines``) is about one."""
    if exc.line is not None and exc.field in ("lot", "quantity"):
        return f"lines[{exc.line}].{exc.field}"
    return exc.field


def install(api: NinjaAPI) -> None:
    def ledger_error(request: HttpRequest, exc: LedgerError) -> HttpResponse:
        return api.create_response(request, body(exc.code, exc.message, field_of(exc)), status=status_of(exc))

    def refused(request: HttpRequest, exc: Refused) -> HttpResponse:
        return api.create_response(request, body(exc.code, exc.message, exc.field), status=exc.status)

    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        first = exc.errors[0] if exc.errors else {}
        location = [
            str(part) for part in first.get("loc", ()) if part not in ("body", "payload", "query", "path")
        ]
        message = plain_message(first, location)
        return api.create_response(request, body("invalid", message, ".".join(location) or None), status=422)

    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(
            request,
            body("unauthorized", _("Sign in, or send a valid API token (Authorization: Bearer …).")),
            status=401,
        )

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            # Ninja's own words for a body that is not JSON: answered as any other invalid input.
            return api.create_response(request, body("invalid", str(BAD_JSON)), status=422)
        code = "csrf_failed" if "CSRF" in str(exc) else "http_error"
        return api.create_response(request, body(code, str(exc)), status=exc.status_code)

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, body("not_found", _("Not found.")), status=404)

    def database_error(request: HttpRequest, exc: OperationalError) -> HttpResponse:
        if not is_busy(exc):
            raise exc
        response = api.create_response(request, body("busy", str(BUSY_MESSAGE)), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    api.add_exception_handler(LedgerError, ledger_error)
    api.add_exception_handler(OperationalError, database_error)
    api.add_exception_handler(Refused, refused)
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Http404, not_found)
