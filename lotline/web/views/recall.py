"""Recall desk: the start page (one search box) and search results. Shared helpers for the recall views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import ngettext_lazy

from lotline.recall.drills import drill_overdue, last_drill
from lotline.recall.models import RecallCase
from lotline.recall.scope import site_timezone
from lotline.recall.search import LIMIT, single_lot
from lotline.recall.search import search as run_search

# What a kind of search hit is called in "showing the first 20 of 57 …".
# When more than LIMIT things of one kind match: a whole sentence per kind, plural by the total.
MORE_FOUND = {
    "lot": ngettext_lazy(
        "Showing the first %(shown)s of %(total)s lot matching “%(q)s”.",
        "Showing the first %(shown)s of %(total)s lots matching “%(q)s”.",
        "total",
    ),
    "supplier": ngettext_lazy(
        "Showing the first %(shown)s of %(total)s supplier matching “%(q)s”.",
        "Showing the first %(shown)s of %(total)s suppliers matching “%(q)s”.",
        "total",
    ),
    "delivery": ngettext_lazy(
        "Showing the first %(shown)s of %(total)s delivery note matching “%(q)s”.",
        "Showing the first %(shown)s of %(total)s delivery notes matching “%(q)s”.",
        "total",
    ),
    "work_order": ngettext_lazy(
        "Showing the first %(shown)s of %(total)s work order matching “%(q)s”.",
        "Showing the first %(shown)s of %(total)s work orders matching “%(q)s”.",
        "total",
    ),
    "shipment": ngettext_lazy(
        "Showing the first %(shown)s of %(total)s shipment document matching “%(q)s”.",
        "Showing the first %(shown)s of %(total)s shipment documents matching “%(q)s”.",
        "total",
    ),
    "customer": ngettext_lazy(
        "Showing the first %(shown)s of %(total)s customer matching “%(q)s”.",
        "Showing the first %(shown)s of %(total)s customers matching “%(q)s”.",
        "total",
    ),
}

VIEW = "core.view_reports"
HOLD = "core.hold_release"


def lot_page_url(number: str) -> str:
    """The supervisor's lot page (/desk/lots/<number>/), whether or not its URL name is installed yet."""
    try:
        return reverse("lot-detail", args=[number])
    except NoReverseMatch:
        return f"/desk/lots/{number}/"


def desk_view(perm: str = VIEW) -> Callable:
    """Signed in, allowed, and showing times in the site's time zone."""

    def decorate(view: Callable) -> Callable:
        @login_required
        @permission_required(perm, raise_exception=True)
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            with timezone.override(ZoneInfo(site_timezone())):
                return view(request, *args, **kwargs)

        return wrapper

    return decorate


@desk_view()
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/recall/index.html",
        {
            "cases": RecallCase.objects.select_related("created_by")[:10],
            "last_drill": last_drill(),
            "drill_overdue": drill_overdue(),
        },
    )


@desk_view()
def search(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")
    if not text.strip():  # only spaces: as if nothing was typed (the raw text still goes to the scanner
        text = ""  # reader below: a GS1 scan may start with a group separator, which strip() removes)
    hits = run_search(text) if text else []
    number = single_lot(hits)
    if number is not None:
        return redirect("recall-trace", number=number)
    more = [
        {"kind": kind, "text": MORE_FOUND[kind] % {"shown": LIMIT, "total": total, "q": text.strip()}}
        for kind, total in getattr(hits, "more", {}).items()
    ]
    return render(request, "web/recall/search.html", {"q": text.strip(), "hits": hits, "more": more})
