"""Workforce readiness screens in the Wagtail admin: cohort list, cohort dashboard, progress over time, staff
drill-down, organisation overview and downloads. Thin: check access, read the filters, call the service."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from cms.calendar import add_months
from learning import visibility
from learning.models import Organisation
from readiness.cohorts import team_subtree_ids
from readiness.models import Cohort
from readiness.record.viewed import staff_list_view_audit
from readiness.reports import headlines
from readiness.reports.forms import DatesForm, StaffFilterForm
from readiness.reports.lazy import drilldown, presenters, service

FORBIDDEN = "Workforce readiness is for HR and platform administrators. Ask HR if you need these figures."
STAFF_PAGE_SIZE = 50
BASELINE_MONTHS = 6  # the progress page's default baseline: this many months before the as-of date


def _forbidden(request):
    return TemplateResponse(request, "readiness/reports/forbidden.html", {"message": FORBIDDEN}, status=403)


def _allowed(request) -> set[int] | None:
    """Return the organisations the user may report on, or None when they may not use these screens (worked out
    once per request)."""
    if not hasattr(request, "_readiness_allowed"):
        user = request.user
        allowed = visibility.may_manage_people(user)
        request._readiness_allowed = visibility.people_organisation_ids(user) if allowed else None
    return request._readiness_allowed


def _dates(request) -> DatesForm:
    form = DatesForm(request.GET or None)
    if not request.GET:
        form = DatesForm({})
    form.is_valid()
    return form


def _cohort(request, cohort_id: int) -> Cohort:
    allowed = _allowed(request) or set()
    return get_object_or_404(Cohort.objects.select_related("organisation"), pk=cohort_id, organisation_id__in=allowed)


def _organisation(request, organisation_id: int) -> Organisation:
    allowed = _allowed(request) or set()
    return get_object_or_404(Organisation, pk=organisation_id, id__in=allowed)


def _link(name: str, pk: int, as_of: date, today: date):
    base = reverse(name, args=[pk])

    def build(params: dict) -> str:
        if as_of != today:
            params = {**params, "as_of": as_of.isoformat()}
        return f"{base}?{urlencode(params)}"

    return build


def _invalid(request, template: str, context: dict) -> TemplateResponse:
    return TemplateResponse(request, template, context, status=400)


# --- pages -------------------------------------------------------------------------------------------------------


def index(request):
    """List the cohorts the user may see with their headline figures, and each organisation's overview."""
    allowed = _allowed(request)
    if allowed is None:
        return _forbidden(request)
    today = timezone.localdate()
    organisations = list(Organisation.objects.filter(id__in=allowed).order_by("name"))
    listed = list(
        Cohort.objects.filter(organisation_id__in=allowed)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )
    cohorts = headlines.cohort_headlines(listed, today)
    context = {"cohorts": cohorts, "organisations": organisations, "today": today}
    return TemplateResponse(request, "readiness/reports/index.html", context)


def _cohort_page(request, cohort_id: int, template: str, tab: str):
    """Return (context, None) for a cohort page the user may see with valid dates, else (context, response)."""
    if _allowed(request) is None:
        return {}, _forbidden(request)
    form = _dates(request)
    context = {"cohort": _cohort(request, cohort_id), "form": form, "tab": tab}
    return context, (_invalid(request, template, context) if form.errors else None)


def cohort(request, cohort_id: int):
    """Show a cohort's readiness on a day: headline, areas, heatmap of teams by area, course completion."""
    context, refused = _cohort_page(request, cohort_id, "readiness/reports/cohort.html", "overview")
    if refused:
        return refused
    cohort, as_of = context["cohort"], context["form"].cleaned_data["as_of"]
    report = service.cohort_report(cohort, as_of)
    bands = presenters.Bands.of(cohort)
    link = _link("readiness_cohort_staff", cohort.pk, as_of, timezone.localdate())
    areas = presenters.area_rows(report, bands, link)
    completion = presenters.completion_rows(report)
    team_completion = presenters.completion_team_rows(report, link)
    context.update(
        report=report,
        as_of=as_of,
        bands=bands,
        headline=presenters.headline(report, bands),
        areas=areas,
        area_chart=presenters.area_chart(areas, "Readiness per skill area"),
        heatmap=presenters.heatmap(report.teams, report.areas, bands, link),
        completion=completion,
        completion_chart=presenters.completion_chart(completion, "Completion per assigned course"),
        completion_teams=team_completion,
        completion_teams_all_hidden=all(row["suppressed"] for row in team_completion),
        downloads=_downloads("readiness_cohort_export", cohort.pk, as_of),
    )
    return TemplateResponse(request, "readiness/reports/cohort.html", context)


def cohort_progress(request, cohort_id: int):
    """Show readiness per area month by month and the learning gain since a baseline."""
    context, refused = _cohort_page(request, cohort_id, "readiness/reports/progress.html", "progress")
    if refused:
        return refused
    cohort, as_of = context["cohort"], context["form"].cleaned_data["as_of"]
    baseline = context["form"].cleaned_data.get("baseline") or add_months(as_of, -BASELINE_MONTHS)
    areas = service.cohort_areas(cohort)
    trend = presenters.trend(drilldown.cohort_trend(cohort, as_of), areas)
    gain = presenters.gain_rows(drilldown.cohort_learning_gain(cohort, baseline, as_of), areas)
    context.update(as_of=as_of, baseline=baseline, areas=areas, trend=trend, gain=gain)
    return TemplateResponse(request, "readiness/reports/progress.html", context)


def _staff_page(request, *, organisation_id: int, report, staff, teams, template: str, context: dict):
    form = StaffFilterForm(request.GET or {}, areas=report.areas, teams=teams)
    context["form"] = form
    if not form.is_valid():
        return _invalid(request, template, context)
    area = form.cleaned_data["area"] or None
    team = form.cleaned_data["team"]
    status = form.cleaned_data["status"]
    team_ids = None
    if team is not None:
        only = team == service.NO_TEAM or form.cleaned_data["team_only"]
        team_ids = {team} if only else team_subtree_ids(organisation_id, {team})
    search = form.cleaned_data["name"].strip()
    people = presenters.staff_people(staff, report.areas, area=area, team_ids=team_ids, status=status, search=search)
    page = Paginator(people, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    cohort = context.get("cohort")
    staff_list_view_audit(
        actor=request.user,
        scope=f"cohort {cohort.slug}" if cohort else f"organisation {context['organisation'].slug}",
        as_of=report.as_of,
        organisation=cohort.organisation if cohort else context["organisation"],
        staff_ids=[person["staff_id"] for person in page.object_list],
        filters={"area": area, "team": team, "team_only": form.cleaned_data["team_only"], "status": status},
        searched=bool(search),
        page=page,
    )
    context.update(
        report=report,
        as_of=report.as_of,
        page=page,
        total=len(people),
        status_label=presenters.STATUSES[status],
        chosen_area=next((a for a in report.areas if a.slug == area), None),
        shown_areas=[a for a in report.areas if a.slug == area] if area else report.areas,
        chosen_team=dict(teams).get(team) if team is not None else None,
        team_only=form.cleaned_data["team_only"],
        query=query.urlencode(),
        search=search,
        back=request.get_full_path(),
        any_overdue=any(person["overdue"] for person in page.object_list),  # offers "Send a reminder"
    )
    return TemplateResponse(request, template, context)


def _team_choices(report) -> list[tuple[int, str]]:
    seen = {}
    for row in report.teams.itertuples():
        seen.setdefault(int(row.team_id), row.team)
    if report.directorates is not None:
        for row in report.directorates.itertuples():
            seen.setdefault(int(row.team_id), row.team)
    return sorted(seen.items(), key=lambda item: item[1])


def cohort_staff(request, cohort_id: int):
    """List a cohort's members filtered by area, team and status, each linked to their record."""
    if _allowed(request) is None:
        return _forbidden(request)
    cohort = _cohort(request, cohort_id)
    dates = _dates(request)
    context = {"cohort": cohort, "tab": "staff"}
    if "as_of" in dates.errors:
        context["form"] = dates
        return _invalid(request, "readiness/reports/staff.html", context)
    report = service.cohort_report(cohort, dates.cleaned_data["as_of"])
    staff = drilldown.cohort_staff(cohort, report)
    return _staff_page(
        request,
        organisation_id=cohort.organisation_id,
        report=report,
        staff=staff,
        teams=_team_choices(report),
        template="readiness/reports/staff.html",
        context=context,
    )


TEAMS_SHOWN_WHOLE = 40  # more teams than this: the overview shows one directorate's teams at a time
ERROR_DIRECTORATE = "Choose one of the directorates listed."


def _directorate_choices(report) -> list[tuple[int, str, int]]:
    """Return (id, name, number of teams) for each directorate of the report, in its order."""
    teams = report.teams.drop_duplicates("team_id")
    counts = teams.groupby("directorate_id")["team_id"].nunique().to_dict()
    rows = report.directorates.drop_duplicates("team_id")
    return [
        (int(pk), name, int(counts.get(pk, 0)))
        for pk, name in zip(rows["team_id"], rows["team"], strict=True)
        if pk != service.NO_TEAM
    ]


def _chosen_directorate(request, choices) -> tuple[int | None, str | None]:
    """Return (the directorate asked for, None), (None, None) when none is, or (None, error) for a bad one."""
    raw = request.GET.get("directorate", "").strip()
    if not raw:
        return None, None
    known = {pk for pk, _, _ in choices}
    if not raw.isdigit() or int(raw) not in known:
        return None, ERROR_DIRECTORATE
    return int(raw), None


def organisation(request, organisation_id: int):
    """Show all of an organisation's staff against the default targets, by directorate and by team (one
    directorate's teams at a time when there are many)."""
    if _allowed(request) is None:
        return _forbidden(request)
    organisation = _organisation(request, organisation_id)
    form = _dates(request)
    context = {"organisation": organisation, "form": form}
    if form.errors:
        return _invalid(request, "readiness/reports/organisation.html", context)
    as_of = form.cleaned_data["as_of"]
    report = service.organisation_report(organisation, as_of)
    choices = _directorate_choices(report)
    directorate, error = _chosen_directorate(request, choices)
    if error:
        context["directorate_error"] = error
        return _invalid(request, "readiness/reports/organisation.html", context)
    bands = presenters.Bands()
    today = timezone.localdate()
    link = _link("readiness_organisation_staff", organisation.pk, as_of, today)
    areas = presenters.area_rows(report, bands, link)
    directorates = presenters.heatmap(report.directorates, report.areas, bands, link, sub_teams=True)
    team_count = len(set(report.teams["team_id"]) - {service.NO_TEAM})
    whole = team_count <= TEAMS_SHOWN_WHOLE
    if not whole:
        page = _link("readiness_organisation", organisation.pk, as_of, today)
        for row in directorates:
            if row["team_id"] != service.NO_TEAM:
                row["url"] = page({"directorate": row["team_id"]}) + "#teams-title"
    shown = report.teams if whole else report.teams[report.teams["directorate_id"] == (directorate or -1)]
    context.update(
        report=report,
        as_of=as_of,
        headline=presenters.headline(report, bands),
        areas=areas,
        area_chart=presenters.area_chart(areas, "Readiness per skill area against the default targets"),
        directorates=directorates,
        teams=presenters.heatmap(shown, report.areas, bands, link),
        teams_whole=whole,
        directorate_choices=choices,
        directorate=directorate,
        directorate_name=next((name for pk, name, _ in choices if pk == directorate), ""),
        team_count=team_count,
        completion=presenters.completion_rows(report),
        downloads=_organisation_downloads(organisation.pk, as_of),
    )
    return TemplateResponse(request, "readiness/reports/organisation.html", context)


def organisation_staff(request, organisation_id: int):
    if _allowed(request) is None:
        return _forbidden(request)
    organisation = _organisation(request, organisation_id)
    dates = _dates(request)
    context = {"organisation": organisation}
    if "as_of" in dates.errors:
        context["form"] = dates
        return _invalid(request, "readiness/reports/staff.html", context)
    report = service.organisation_report(organisation, dates.cleaned_data["as_of"])
    staff = drilldown.organisation_staff(organisation, report)
    return _staff_page(
        request,
        organisation_id=organisation.pk,
        report=report,
        staff=staff,
        teams=_team_choices(report),
        template="readiness/reports/staff.html",
        context=context,
    )


# --- downloads ---------------------------------------------------------------------------------------------------


# An organisation's workbook holds every member of staff: a worker prepares it (notifications.longwork) and the
# person who asked follows it on its own page. The CSV tables stay direct downloads.
WORKBOOK_PREPARE = "background:workbook_prepare"
WORKBOOK_LABEL = "Every table, with every member of staff (Excel, XLSX: prepared in the background)"


def _downloads(name: str, pk: int, as_of: date, *, workbook: str | None = None, workbook_label: str = "") -> list[dict]:
    """Return the download links: one workbook (every table unless ``workbook`` names some) and a CSV per table."""
    base = reverse(name, args=[pk])
    params = {"format": "xlsx", "as_of": as_of, **({"table": workbook} if workbook else {})}
    links = [{"label": workbook_label or "All tables (Excel, XLSX)", "url": f"{base}?{urlencode(params)}"}]
    for table in service.TABLES:
        params = urlencode({"format": "csv", "table": table, "as_of": as_of})
        links.append({"label": f"{table.capitalize()} (CSV)", "url": f"{base}?{params}"})
    return links


def _organisation_downloads(pk: int, as_of: date) -> list[dict]:
    links = _downloads("readiness_organisation_export", pk, as_of)
    prepare = f"{reverse(WORKBOOK_PREPARE, args=[pk])}?{urlencode({'as_of': as_of})}"
    links[0] = {"label": WORKBOOK_LABEL, "url": prepare, "page": True}
    return links


def _download(request, **scope):
    form = _dates(request)
    if form.errors:
        return HttpResponse("\n".join(e for errors in form.errors.values() for e in errors), status=400)
    from readiness.reports import exports  # the export writers load openpyxl: only when downloading

    table = request.GET.get("table") or None
    file_format = request.GET.get("format", "xlsx")
    try:
        exported = exports.readiness_export(
            **scope, as_of=form.cleaned_data["as_of"], table=table, file_format=file_format, actor=request.user
        )
    except exports.ExportError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    response["Cache-Control"] = "no-store"
    return response


def cohort_export(request, cohort_id: int):
    if _allowed(request) is None:
        return _forbidden(request)
    return _download(request, cohort=_cohort(request, cohort_id))


def organisation_export(request, organisation_id: int):
    if _allowed(request) is None:
        return _forbidden(request)
    organisation = _organisation(request, organisation_id)
    if request.GET.get("format", "xlsx") == "xlsx":  # a workbook is prepared in the background: ask there
        query = urlencode({key: value for key, value in request.GET.items() if key in ("as_of", "table")})
        return redirect(f"{reverse(WORKBOOK_PREPARE, args=[organisation.pk])}?{query}")
    return _download(request, organisation=organisation)
