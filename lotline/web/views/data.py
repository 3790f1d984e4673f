"""The /data/ page: spreadsheet import (dry run, commit, progress), templates and exports per kind, EPCIS 2.0
export and import, and the FSMA 204 sortable spreadsheet with its KDE completeness report.

Every action calls one function of lotline.imports or lotline.interop (docs/data-exchange.md, "For the web
page and the API"); this module only parses the form and answers.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotline.core.models import Item
from lotline.imports import exports, jobs
from lotline.imports.kinds import KINDS
from lotline.imports.models import ImportJob
from lotline.interop.epcis_export import WindowError, export_epcis
from lotline.interop.epcis_import import import_epcis
from lotline.interop.fsma import HEADER as FSMA_HEADER
from lotline.interop.fsma_export import fsma_report, fsma_spreadsheet, unknown_product
from lotline.lib.times import FIRST_YEAR, LAST_YEAR

from .floor_common import floor_view

REPORTS = "core.view_reports"
MAPPING_ROWS = 4
EPCIS_TYPES = {"json": "application/ld+json", "xml": "application/xml"}


def download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def page_context(request: HttpRequest, **extra) -> dict:
    fields = sorted({column.name for kind in KINDS.values() for column in kind.columns})
    fields_by_kind = {name: kind.header for name, kind in KINDS.items()}
    return {
        "fields_by_kind": fields_by_kind,
        "kinds": list(KINDS.items()),  # a list: in a template, KINDS.items would be the "items" kind
        "fields": fields,
        "mapping_rows": range(MAPPING_ROWS),
        "food_items": Item.objects.filter(is_food=True).order_by("code"),
        "may_commit": jobs.may_commit(request.user),
        "jobs": ImportJob.objects.filter(user=request.user).defer("data")[:10],
        "export_site": request.site,  # type: ignore[attr-defined]  # what the exports hold (export_download)
        "first_day": FIRST_DAY,  # the date pickers offer only the days an export window may name
        "last_day": LAST_DAY,
        **extra,
    }


@floor_view(REPORTS)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "web/data/index.html", page_context(request))


def check_kind(kind: str, fmt: str) -> None:
    if kind not in KINDS or fmt not in exports.FORMATS:
        raise Http404(kind)


@floor_view(REPORTS)
def template_download(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    check_kind(kind, fmt)
    name = exports.filename(kind, fmt).replace("lotline-", "lotline-template-")
    return download(exports.template(kind, fmt), name, exports.CONTENT_TYPES[fmt])


@floor_view(REPORTS)
def export_download(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """The kind's rows of the site the user works at (picked in the top bar): where this page's imports
    record, so an export re-imports at the same site; never another site's lots, shipments or machines."""
    check_kind(kind, fmt)
    content = exports.export_kind(kind, fmt, site=request.site)  # type: ignore[attr-defined]
    return download(content, exports.filename(kind, fmt), exports.CONTENT_TYPES[fmt])


# --- spreadsheet import -----------------------------------------------------------------------------------


def mapping_from(post) -> dict[str, str]:
    """The "their column → our field" rows that were filled in."""
    mapping = {}
    for index in range(MAPPING_ROWS):
        theirs = post.get(f"map_from_{index}", "").strip()
        ours = post.get(f"map_to_{index}", "").strip()
        if theirs and ours:
            mapping[theirs] = ours
    return mapping


@require_POST
@floor_view(REPORTS)
def import_upload(request: HttpRequest) -> HttpResponse:
    kind, upload = request.POST.get("kind", ""), request.FILES.get("file")
    if kind not in KINDS or upload is None:
        messages.error(request, _("Choose what to import and a CSV or XLSX file."))
        return redirect("data-index")
    job = jobs.new_job(
        kind=kind,
        filename=upload.name,
        data=upload.read(),
        mapping=mapping_from(request.POST),
        user=request.user,
        site=request.site,
    )
    return redirect("data-import-job", uid=job.uid)


def job_for(request: HttpRequest, uid) -> ImportJob:
    visible = ImportJob.objects.select_related("dry_run_of")
    if not request.user.is_superuser:
        visible = visible.filter(user=request.user)
    return get_object_or_404(visible, uid=uid)


def job_context(request: HttpRequest, job: ImportJob) -> dict:
    job = jobs.abandon_if_stale(job)
    done, total = jobs.read_progress(job)
    percent = 100 if job.status == ImportJob.Status.DONE else (int(100 * done / total) if total else 0)
    report = job.report or {}
    return {
        "job": job,
        "kind": KINDS.get(job.kind),
        "done": done,
        "total": total,
        "percent": percent,
        "finished": job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED),
        "report": report,
        "errors": report.get("errors", []),
        "may_commit": jobs.may_commit(request.user),
    }


@floor_view(REPORTS)
def import_job(request: HttpRequest, uid) -> HttpResponse:
    job = job_for(request, uid)
    return render(request, "web/data/job.html", job_context(request, job))


@floor_view(REPORTS)
def import_progress(request: HttpRequest, uid) -> HttpResponse:
    """The progress bar (htmx polls it every 500 ms); once the job ended, the bar and the report."""
    job = job_for(request, uid)
    return render(request, "web/data/_progress.html", job_context(request, job))


@require_POST
@floor_view(REPORTS)
def import_commit(request: HttpRequest, uid) -> HttpResponse:
    if not jobs.may_commit(request.user):
        raise PermissionDenied(_("Your role does not allow this."))
    dry_run = job_for(request, uid)
    try:
        job = jobs.commit_job(dry_run, user=request.user, site=request.site)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("data-import-job", uid=dry_run.uid)
    return redirect("data-import-job", uid=job.uid)


# --- EPCIS and FSMA ---------------------------------------------------------------------------------------


# The days a window may name: the years a plant's records can lie in (lib.times, as on the recall desk).
# Beyond them lie typos and "9999-12-31" meant as "for ever", whose next day — the window's end — does not
# exist, and year 1, which has no UTC equivalent east of Greenwich.
FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)


class BadQuery(ValueError):
    """A query parameter of an export refused in the user's words; ``field`` names the parameter."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message, self.field = message, field


def day_window(request: HttpRequest) -> tuple[datetime | None, datetime | None]:
    """since/until are calendar days at the user's site: [since 00:00, the day after until 00:00).

    A value that is not a day, a day outside FIRST_DAY..LAST_DAY, or an until before since raises BadQuery
    naming the field (the page answers 400), never a 404 or an overflow deep in the database adapter."""
    zone = ZoneInfo(request.site.timezone)  # type: ignore[attr-defined]

    def day(name: str) -> date | None:
        value = request.GET.get(name, "").strip()
        if not value:
            return None
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            raise BadQuery(
                _("“%(field)s”: %(value)s is not a date.") % {"field": name, "value": value}, name
            ) from None
        if not FIRST_DAY <= parsed <= LAST_DAY:
            raise BadQuery(
                _("“%(field)s”: %(value)s lies outside the years %(first)s–%(last)s.")
                % {"field": name, "value": value, "first": FIRST_YEAR, "last": LAST_YEAR},
                name,
            )
        return parsed

    since, until = day("since"), day("until")
    if since and until and until < since:
        raise BadQuery(
            _("“%(field)s”: %(value)s is before the “%(other)s” day, %(other_value)s.")
            % {"field": "until", "value": until, "other": "since", "other_value": since},
            "until",
        )
    start = datetime.combine(since, time.min, zone) if since else None
    end = datetime.combine(until + timedelta(days=1), time.min, zone) if until else None
    return start, end


def refused(request: HttpRequest, section: str, exc: BadQuery | WindowError) -> HttpResponse:
    """The data page again, 400, with the refusal in the section whose form was sent (``section``) and the
    values the user gave kept in that form."""
    context = page_context(request, refusal=exc.message, refused_section=section, refused_field=exc.field)
    context["query"] = request.GET
    return render(request, "web/data/index.html", context, status=400)


def choice(request: HttpRequest, name: str, default: str, allowed) -> str:
    value = request.GET.get(name, default)
    if value not in allowed:
        raise BadQuery(
            _("“%(field)s”: %(value)s is not one of %(allowed)s.")
            % {"field": name, "value": value, "allowed": ", ".join(allowed)},
            name,
        )
    return value


@floor_view(REPORTS)
def epcis_export_view(request: HttpRequest) -> HttpResponse:
    try:
        fmt = choice(request, "format", "json", EPCIS_TYPES)
        since, until = day_window(request)
        content = export_epcis(fmt, since=since, until=until, site_code=request.site.code)  # type: ignore[attr-defined]
    except (BadQuery, WindowError) as exc:
        return refused(request, "epcis", exc)
    return download(content, f"lotline-epcis.{'jsonld' if fmt == 'json' else 'xml'}", EPCIS_TYPES[fmt])


@require_POST
@floor_view(REPORTS)
def epcis_import_view(request: HttpRequest) -> HttpResponse:
    if not jobs.may_commit(request.user):
        raise PermissionDenied(_("Your role does not allow this."))
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose an EPCIS document (JSON-LD or XML)."))
        return redirect("data-index")
    report = import_epcis(upload.read(), site=request.site, user=request.user)  # type: ignore[attr-defined]
    return render(
        request, "web/data/index.html", page_context(request, epcis_report=report, epcis_file=upload.name)
    )


@floor_view(REPORTS)
def fsma_view(request: HttpRequest) -> HttpResponse:
    """The sortable spreadsheet (format=csv|xlsx) or, with format=gaps, the KDE completeness report — of
    the site the user works at, like the EPCIS export and the spreadsheet exports."""
    product = request.GET.get("product", "").strip() or None
    site_code = request.site.code  # type: ignore[attr-defined]
    try:
        fmt = choice(request, "format", "csv", (*exports.FORMATS, "gaps"))
        since, until = day_window(request)
        if fmt == "gaps":
            rows, gaps = fsma_report(product_code=product, since=since, until=until, site_code=site_code)
        else:
            refusal = unknown_product(product)
            if refusal:
                messages.error(request, refusal)
                return redirect("data-index")
            content = fsma_spreadsheet(
                fmt, product_code=product, since=since, until=until, site_code=site_code
            )
    except (BadQuery, WindowError) as exc:
        return refused(request, "fsma", exc)
    if fmt == "gaps":
        return render(
            request,
            "web/data/fsma_gaps.html",
            {
                "rows": rows,
                "gaps": gaps,
                "product": product,
                "query": request.GET,
                "header": FSMA_HEADER,
                "site": request.site,  # type: ignore[attr-defined]
            },
        )
    name = f"fsma204-{product or 'all'}.{fmt}"
    return download(content, name, exports.CONTENT_TYPES[fmt])
