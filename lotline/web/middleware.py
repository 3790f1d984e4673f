"""Answers at the door: text with a NUL character is refused, a busy database answers 503 (also after a view).

Refuse text with a NUL character (0x00), for pages and the API alike.

PostgreSQL cannot store or even compare text containing NUL; a query parameter, form field, JSON string or
URL carrying one reached the database as an error (a 500). Django's form fields already refuse it, but
search boxes, scans and the API read values directly. Nobody types NUL on purpose — it comes from a
misconfigured scanner or a broken client — so the whole request is refused with a clear message and
nothing is written.
"""

from __future__ import annotations

import re
import sys

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

from lotline.core.busy import BUSY_MESSAGE, RETRY_AFTER_SECONDS, is_busy

# A JSON \u0000 escape that is not itself escaped (an even number of backslashes before it).
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def carries_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    if any("\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values):
        return True
    content_type = request.content_type or ""
    if content_type == "application/json":
        return b"\x00" in request.body or JSON_NUL.search(request.body) is not None
    if request.method == "POST" and content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return any(
            "\x00" in key or "\x00" in value for key, values in request.POST.lists() for value in values
        )
    return False


class RefuseNulCharacters:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not carries_nul(request):
            return self.get_response(request)
        message = _(
            "The input contains a NUL character (0x00), which cannot be stored; "
            "check the scanner or the sending program."
        )
        if request.path.startswith("/api/"):
            return JsonResponse({"code": "bad_character", "message": message, "field": None}, status=422)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


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
    if request.path.startswith("/api/"):
        response = JsonResponse({"code": "busy", "message": str(BUSY_MESSAGE), "field": None}, status=503)
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


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 handler (``handler400``); see server_error."""
    if caused_by_busy_database(exception):
        return busy_response(request)
    return defaults.bad_request(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler (``handler500``). Django calls it for any exception no view or middleware answered,
    with the exception still being handled. A busy database can strike after the view too — the session
    (a site switch, a sign-in) is saved by SessionMiddleware on the way out — so that case gets the same
    503 as inside a view; anything else is the plain 500 page."""
    if caused_by_busy_database(sys.exc_info()[1]):
        return busy_response(request)
    return defaults.server_error(request)
