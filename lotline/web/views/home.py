"""The start page: what this person can do, biggest buttons first — and, for supervisors, what needs them."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lotline.recall.drills import drill_overdue, last_drill


@login_required
def home(request: HttpRequest) -> HttpResponse:
    context = {}
    if request.user.has_perm("core.view_reports"):
        context = {"drill_overdue": drill_overdue(), "last_drill": last_drill()}
    return render(request, "web/home.html", context)
