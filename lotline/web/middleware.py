"""Answers at the door: text that cannot be stored is refused, a busy database answers 503 (also after a
view), and the bare answers Django and Ninja give on their own (404, 405, 400, 500) are said plainly — in
the API's JSON error shape under /api/, as a page of ours elsewhere.

Refuse text with a NUL character (0x00), for pages and the API alike.

PostgreSQL cannot store or even compare text containing NUL; a query parameter, form field, JSON string or
URL carrying one reached the database as an error (a 500). Django's form fields already refuse it, but
search boxes, scans and the API read values directly. Nobody types NUL on purpose — it comes from a
misconfigured scanner or a broken client — so the whole request is refused with a clear message and
nothing is written.

A JSON string may also carry half of a UTF-16 surrogate pair ("\\ud800" alone), which Python reads but no
database driver can encode: that was a 500 too, and is refused the same way.
"""

from __future__ import annotations

import json
import re
import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views import defaults

from lotline.core.busy import BUSY_MESSAGE, RETRY_AFTER_SECONDS, is_busy

# A JSON \u0000 escape that is not itself escaped (an even number of backslashes before it).
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
# A JSON escape of a UTF-16 surrogate (\ud800–\udfff). Usually one half of a proper pair (an emoji), which
# is fine; only when one is found is the body parsed to look for a lone half.
JSON_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def api_error(code: str, message: str, status: int, field: str | None = None) -> JsonResponse:
    """The API's one error shape (lotline/api/errors.py), for answers given before or around Ninja."""
    return JsonResponse({"code": code, "message": message, "field": field}, status=status)


def carries_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    if any("\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values):
        return True
    content_type = request.content_type or ""
    if is_api(request) or content_type == "application/json":
        # Ninja reads every API body as JSON whatever its Content-Type (text/plain, none, vnd.api+json),
        # so the body is checked whatever it claims to be.
        return b"\x00" in request.body or JSON_NUL.search(request.body) is not None
    if request.method == "POST" and content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return any(
            "\x00" in key or "\x00" in value for key, values in request.POST.lists() for value in values
        )
    return False


class LoneSurrogate(Exception):
    def __init__(self, field: str | None) -> None:
        super().__init__(field)
        self.field = field


def check_encodable(value: object, field: str | None) -> None:
    """Raise LoneSurrogate naming the first string (key or value) UTF-8 cannot encode, in the API's field
    notation (``lines[0].lot``)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise LoneSurrogate(field) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{field}.{key}" if field else str(key)
            check_encodable(key, field)
            check_encodable(item, name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_encodable(item, f"{field}[{index}]" if field else f"[{index}]")


def unencodable_field(request: HttpRequest) -> tuple[bool, str | None]:
    """(True, field) when a JSON body carries a string with a lone surrogate; (False, None) otherwise."""
    if not (is_api(request) or request.content_type == "application/json"):
        return False, None
    body = request.body
    if JSON_SURROGATE.search(body) is None:
        return False, None
    try:
        check_encodable(json.loads(body), None)
    except LoneSurrogate as exc:
        return True, exc.field
    except ValueError:
        pass  # not JSON at all: the endpoint says so in its own words
    return False, None


class RefuseNulCharacters:
    """The door (settings.MIDDLEWARE names it by its first job): refuses text that cannot be stored — a NUL
    anywhere, a lone surrogate in a JSON body — and words a bare 405 plainly on the way out."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = refuse_bad_characters(request)
        if refusal is not None:
            return refusal
        return plain_method_not_allowed(request, self.get_response(request))


def refuse_bad_characters(request: HttpRequest) -> HttpResponse | None:
    if carries_nul(request):
        message = _(
            "The input contains a NUL character (0x00), which cannot be stored; "
            "check the scanner or the sending program."
        )
        if is_api(request):
            return api_error("bad_character", message, 422)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    found, field = unencodable_field(request)
    if found:
        message = _(
            "The input contains a broken character (half of a UTF-16 pair), which cannot be stored; "
            "check the sending program."
        )
        if is_api(request):
            return api_error("bad_character", message, 422, field)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    return None


def plain_method_not_allowed(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Django's views answer a wrong method (GET /logout/) with an empty 405, Ninja with the text "Method
    not allowed": the API says it in its error shape, a page in a short page of ours; Allow is kept."""
    if response.status_code != 405 or response.get("Content-Type", "").startswith("application/json"):
        return response
    allowed = response.get("Allow", "")
    if is_api(request):
        plain = api_error(
            "method_not_allowed",
            _("%(method)s is not allowed at this address; use %(allowed)s.")
            % {"method": request.method, "allowed": allowed},
            405,
        )
    else:
        plain = render(request, "405.html", {"allowed": allowed}, status=405)
    if allowed:
        plain["Allow"] = allowed
    return plain


class AnswerBusyDatabase:
    """A busy database (SQLite's single writer during a large import, a PostgreSQL lock timeout) answers
    503 with a plain message instead of a 500 page; the transaction was rolled back, so nothing was saved
    and the same action can simply be repeated. The API answers the same in its own error shape
    (api/errors.py); the shop floor's offline queue keeps the scan and sends it again by itself."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return busy_response(request) if is_busy(exception) else None


def busy_response(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        response = api_error("busy", str(BUSY_MESSAGE), 503)
    else:
        response = HttpResponse(str(BUSY_MESSAGE), status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def caused_by_busy_database(exception: BaseException | None) -> bool:
    """True when a busy database is anywhere in the exception's chain: Django's session store turns a
    failed session save into UpdateError and the session middleware that into SessionInterrupted (a 400)."""
    seen = 0
    while exception is not None and seen < 10:
        if is_busy(exception):
            return True
        exception, seen = exception.__cause__ or exception.__context__, seen + 1
    return False


# --- The error handlers (lotline/urls.py): an API client reads JSON, whatever went wrong ---------------


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 handler (``handler400``): a request Django could not read — a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields, a broken multipart body; see server_error for busy."""
    if caused_by_busy_database(exception):
        return busy_response(request)
    if not is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return api_error(
            "too_large",
            _("The request is too large: at most %(limit)s in one request.") % {"limit": limit},
            413,
        )
    return api_error("bad_request", _("The request could not be read; send JSON with the fields named."), 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 403 handler (``handler403``)."""
    if is_api(request):
        return api_error("forbidden", _("Your role does not allow this."), 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 404 handler (``handler404``): an address under /api/ that no endpoint answers."""
    if is_api(request):
        return api_error(
            "not_found",
            _("There is no API endpoint at this address; the endpoints are listed at /api/v1/docs."),
            404,
        )
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler (``handler500``). Django calls it for any exception no view or middleware answered,
    with the exception still being handled. A busy database can strike after the view too — the session
    (a site switch, a sign-in) is saved by SessionMiddleware on the way out — so that case gets the same
    503 as inside a view; anything else is the plain 500 page (for the API, its error shape)."""
    if caused_by_busy_database(sys.exc_info()[1]):
        return busy_response(request)
    if is_api(request):
        return api_error(
            "server_error",
            _(
                "Something went wrong on the server; nothing was half-saved. Try again; if it happens "
                "again, tell your administrator the time it happened."
            ),
            500,
        )
    return defaults.server_error(request)
