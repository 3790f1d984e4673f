"""Every API error has one JSON shape: {"code": ..., "message": ..., "field": ...}.

LedgerError → 422 (409 for a reused event id, 404 for unknown things); bad input → 422; no or bad
credentials → 401; missing permission or scope → 403. A busy database (core/busy.py) → 503 "busy" with
Retry-After: nothing was written, and the same request sent again later succeeds. What Django answers by
itself under /api/ (no such address, a wrong method, an unreadable body) is in the same shape too
(lotline/web/middleware.py).

``field`` is written one way everywhere: ``quantity``, ``lots[1]``, ``lines[1].quantity``.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.operation import PathView

from lotline.core.busy import BUSY_MESSAGE, RETRY_AFTER_SECONDS, is_busy
from lotline.core.services import LedgerError
from lotline.lib.text import shorten

from .schemas import MAX_LIMIT, MAX_OFFSET


class Refused(Exception):
    """An API-level refusal (permissions, site access) in the same shape as a LedgerError."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def body(code: str, message: str, field: str | None = None) -> dict:
    return {"code": code, "message": message, "field": field}


# Pydantic's own texts ("Input should be a valid decimal") reach the operator's phone through the offline
# queue: they are said in plain words here; the code stays "invalid" and the field stays named.
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
BOUND_ERRORS = {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}
DATE_ERRORS = {"date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_type"}
TIME_ERRORS = {
    "datetime_parsing",
    "datetime_type",
    "datetime_from_date_parsing",
    "datetime_object_invalid",
    "timezone_naive",
    "timezone_aware",
}
UUID_ERRORS = {"uuid_parsing", "uuid_type", "uuid_version"}
OBJECT_ERRORS = {"model_type", "model_attributes_type", "dict_type", "dataclass_type"}
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
    "name": gettext_lazy("Fill in the name."),
    "url": gettext_lazy("Fill in the URL."),
}
# The bounds of limit/offset (read.py), said whole rather than one side at a time.
PAGING_BOUNDS = {
    "limit": gettext_lazy("limit must be a whole number from 1 to %(max)s."),
    "offset": gettext_lazy("offset must be a whole number from 0 to %(max)s."),
}


def field_path(location: Sequence[object]) -> str | None:
    """Pydantic's location as the API names fields: ("lines", 1, "quantity") → "lines[1].quantity"."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or None


def missing_message(name: str, field: str | None) -> str:
    if name in FIELD_MISSING:
        return str(FIELD_MISSING[name])
    if field:
        return _("Fill in %(field)s.") % {"field": field}
    return _("Something is missing: fill in every field.")


def plain_message(error: dict, location: list[object]) -> tuple[str, str]:
    """(code, message): a validation error in the operator's words."""
    kind = error.get("type", "")
    names = [part for part in location if isinstance(part, str)]
    name = names[-1] if names else ""
    field = shorten(field_path(location) or "")
    context = error.get("ctx") or {}
    if kind in WHOLE_NUMBER_ERRORS:
        if name == "depth":
            return "invalid", _("depth must be a whole number, 1 or more (leave it out for any depth).")
        if field:
            return "invalid", _("%(field)s must be a whole number.") % {"field": field}
        return "invalid", _("Enter a whole number.")
    if kind in BOUND_ERRORS:
        if name in PAGING_BOUNDS:
            return "invalid", str(PAGING_BOUNDS[name]) % {"max": MAX_LIMIT if name == "limit" else MAX_OFFSET}
        bound = next(iter(context.values()), "")
        if kind.startswith("greater"):
            return "invalid", _("%(field)s must be %(bound)s or more.") % {"field": field, "bound": bound}
        return "invalid", _("%(field)s must be %(bound)s or less.") % {"field": field, "bound": bound}
    if kind in NUMBER_ERRORS:
        if name == "quantity":
            return "invalid", _("Enter the quantity as a number, like 12.5.")
        return "invalid", _("Enter a number, like 12.5.")
    if kind == "missing":
        return "invalid", missing_message(name, field)
    if kind == "extra_forbidden":
        return "invalid", _("Unknown field %(field)s.") % {"field": field}
    if kind == "string_too_long":
        # The core's code for the same refusal (core/services/text.py); Ninja leaves out the input itself.
        return "too_long", _("%(field)s is too long: at most %(limit)s characters fit.") % {
            "field": field,
            "limit": context.get("max_length"),
        }
    if kind == "too_long":
        return "invalid", _("%(field)s has more than %(limit)s entries.") % {
            "field": field,
            "limit": context.get("max_length"),
        }
    if kind in DATE_ERRORS:
        return "invalid", _("Enter the date as year-month-day, like 2026-12-31.")
    if kind in TIME_ERRORS:
        return "invalid", _(
            "Enter %(field)s as a date and time with its offset, like 2026-03-02T08:00+01:00."
        ) % {"field": field}
    if kind in UUID_ERRORS:
        return "invalid", _(
            "%(field)s must be a UUID, like 8d0c3c2e-5f1a-4b7e-9c1d-2a3b4c5d6e7f (or leave it out)."
        ) % {"field": field}
    if kind == "string_type":
        return "invalid", _("%(field)s must be text, in quotes.") % {"field": field}
    if kind == "list_type":
        return "invalid", _("%(field)s must be a list in square brackets.") % {"field": field}
    if kind in ("bool_parsing", "bool_type"):
        return "invalid", _("%(field)s must be true or false.") % {"field": field}
    if kind in ("literal_error", "enum"):
        return "invalid", _("%(field)s must be %(expected)s.") % {
            "field": field,
            "expected": context.get("expected", ""),
        }
    if kind in OBJECT_ERRORS:
        if field:
            return "invalid", _("%(field)s must be an object with named fields.") % {"field": field}
        return "invalid", _("The request body must be a JSON object with named fields.")
    if field:
        return "invalid", _("%(field)s is not valid.") % {"field": field}
    return "invalid", _("The request is not valid.")


def first_required_field(request: HttpRequest) -> str | None:
    """The first field the endpoint's body needs. An empty body fails as a whole ("payload" missing), where
    ``{}`` names its first missing field; both should say the same. Ninja's view for an address closes
    over its PathView (django-ninja 1.7); if that ever changes, the answer only loses its field."""
    view = getattr(getattr(request, "resolver_match", None), "func", None)
    for cell in getattr(view, "__closure__", None) or ():
        contents = cell.cell_contents
        if not isinstance(contents, PathView):
            continue
        operation = contents._find_operation(request)
        for model in getattr(operation, "models", ()):
            if getattr(model, "__ninja_param_source__", None) != "body":
                continue
            for param in model.model_fields.values():
                schema = param.annotation
                for name, spec in getattr(schema, "model_fields", {}).items():
                    if spec.is_required():
                        return spec.alias or name
    return None


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


SOURCES = ("body", "query", "path", "header", "cookie", "form", "file")


def install(api: NinjaAPI) -> None:
    def ledger_error(request: HttpRequest, exc: LedgerError) -> HttpResponse:
        return api.create_response(request, body(exc.code, exc.message, field_of(exc)), status=status_of(exc))

    def refused(request: HttpRequest, exc: Refused) -> HttpResponse:
        return api.create_response(request, body(exc.code, exc.message, exc.field), status=exc.status)

    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        first = exc.errors[0] if exc.errors else {}
        location = list(first.get("loc", ()))
        # ("body", "payload", "lines", 0, "quantity"): the source, then the endpoint's parameter name for a
        # body, then the field as the client sent it.
        if location and location[0] in SOURCES:
            source = location.pop(0)
            if source == "body" and location:
                location.pop(0)
        if first.get("type") == "missing" and not location:
            required = first_required_field(request)
            location = [required] if required else []
        code, message = plain_message(first, location)
        return api.create_response(request, body(code, message, field_path(location)), status=422)

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
        if "CSRF" in str(exc):
            # A browser session whose CSRF token is missing or stale (the shop-floor queue keeps the scan).
            message = _("The page is out of date; reload it (sign in again if asked) and send again.")
            return api.create_response(request, body("csrf_failed", message), status=exc.status_code)
        return api.create_response(request, body("http_error", str(exc)), status=exc.status_code)

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
