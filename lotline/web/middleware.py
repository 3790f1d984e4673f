"""Refuse text with a NUL character (0x00) at the door, for pages and the API alike.

PostgreSQL cannot store or even compare text containing NUL; a query parameter, form field, JSON string or
URL carrying one reached the database as an error (a 500). Django's form fields already refuse it, but
search boxes, scans and the API read values directly. Nobody types NUL on purpose — it comes from a
misconfigured scanner or a broken client — so the whole request is refused with a clear message and
nothing is written.
"""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

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
