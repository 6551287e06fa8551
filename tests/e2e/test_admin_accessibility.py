"""Every admin page the project adds passes axe-core (WCAG 2.2 A and AA), crawled as HR.

The pages come from the URLconf, not from a hand-written list: every admin URL whose view is in one of our apps
(custom screens registered through ``register_admin_urls``) or whose viewset manages one of our models (people,
cohorts, the skills framework, the audit log). Each numeric part is filled with a real record of the HR user's
organisation. Fragments fetched by script (``results``, choosers), downloads and steps that only accept a POST
are left out by name. Pages HR may not open (the question bank, the framework) are crawled as the platform
admin. Wagtail's site history, which we scope, and the admin home, which carries our panel, are added.
"""

from __future__ import annotations

import re

import pytest
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from playwright.sync_api import expect
from wagtail.models import Revision

from credentials.models import Award
from interop.models import LrsEndpoint
from learning.models import AuditLogEntry, Enrolment, Organisation, StaffMember, Team
from readiness.models import Cohort
from readiness.wagtail_hooks import MENU_LABEL
from tests.e2e.conftest import axe_violations
from tests.e2e.test_hr_import import hr_sign_in_with_code

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OUR_APPS = {"learning", "assessments", "readiness", "cms", "notifications", "interop", "credentials"}
HR_ORGANISATION = "northbrook-council"
ADMIN_EMAIL = "admin@upskill.example"
# Not pages: fragments a page fetches by script, choosers, downloads, redirects and POST-only steps.
NOT_PAGES = re.compile(
    r"(^|_)(results|choose|chosen|chosen_multiple|create|export|confirm|login|logout|preview_on_add|preview_on_edit"
    r"|revisions_compare|anonymise|recheck|start|again|file)$"
)
EXTRA = ["/admin/", "/admin/reports/site-history/"]  # the home (our panel) and Wagtail's site history (our scope)
SCOPE = {
    Organisation: "id",
    Team: "organisation_id",
    StaffMember: "organisation_id",
    Enrolment: "staff__organisation_id",
    Cohort: "organisation_id",
    AuditLogEntry: "organisation_id",
    LrsEndpoint: "organisation_id",
    Award: "staff__organisation_id",
}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _model_of(callback):
    view_class = getattr(callback, "view_class", None)
    model = (getattr(callback, "view_initkwargs", None) or {}).get("model") or getattr(view_class, "model", None)
    return model if isinstance(model, type) and issubclass(model, models.Model) else None


def our_admin_routes() -> list[tuple[str, str, type | None]]:
    """Return (route, URL name, model) for every admin URL our apps add, pages only."""
    routes = []
    for route, entry in _walk(get_resolver().url_patterns):
        if not route.startswith("admin/") or NOT_PAGES.search(entry.name or "login"):
            continue
        callback = entry.callback
        model = _model_of(callback)
        module = getattr(callback, "view_class", callback).__module__.split(".")[0]
        if module in OUR_APPS or (model is not None and model._meta.app_label in OUR_APPS):
            routes.append((route, entry.name, model))
    return routes


def _sample(model, organisation):
    records = model.objects.order_by("pk")
    if model in SCOPE:
        records = records.filter(**{SCOPE[model]: organisation.pk})
    return records.first()


def fill(route: str, model, organisation, job_id=None) -> str | None:
    """Return the route with each parameter filled from the demo data, or None when there is no such record."""
    values = {
        "organisation_id": organisation.pk,
        "cohort_id": getattr(_sample(Cohort, organisation), "pk", None),
        "job_id": job_id,
    }
    if model is not None:
        record = _sample(model, organisation)
        values["pk"] = getattr(record, "pk", None)
        if record is not None and "revision_id" in route:
            revision = Revision.objects.for_instance(record).order_by("-pk").first()
            values["revision_id"] = getattr(revision, "pk", None)
    missing = []

    def value(match):
        found = values.get(match.group(1))
        if found is None:
            missing.append(match.group(1))
        return str(found)

    url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", value, route)
    return None if missing else url


def test_the_crawl_covers_every_kind_of_admin_screen_we_add():
    names = {(name, getattr(model, "__name__", None)) for _, name, model in our_admin_routes()}
    for expected in [
        ("readiness_cohort", None),
        ("readiness_organisation_staff", None),
        ("upload", None),  # the staff import
        ("index", "Cohort"),
        ("edit", "StaffMember"),
        ("history", "Team"),
        ("inspect", "AuditLogEntry"),
        ("list", "Question"),
        ("index", None),  # the leavers
        ("job", None),  # a prepared file
        ("workbook_prepare", None),
        ("index", "Message"),  # sent messages
        ("index", "LrsEndpoint"),  # the Learning Record Stores and their outbox state
        ("edit", "Award"),  # revoking
        ("edit", "Achievement"),
    ]:
        assert expected in names, expected
    assert not any(name.endswith("results") or name == "readiness_cohort_export" for name, _ in names)


def _visit(page, url: str) -> int:
    response = page.goto(url)
    page.wait_for_load_state("load")
    return response.status if response else 0


def _prepared_workbook(organisation) -> str:
    """A workbook HR asked for and a worker prepared (the job page shows its download)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from notifications import longwork

    hr = get_user_model().objects.get(email="hr@northbrook.example")
    job = longwork.workbook_job_start(user=hr, organisation=organisation, as_of=timezone.localdate(), table="summary")
    longwork.job_run(str(job.pk))
    return str(job.pk)


def test_every_admin_page_we_add_passes_axe_as_hr(page, demo_site):
    import os

    from django.core.management import call_command

    with open(os.devnull, "w") as quiet:
        call_command("seed_demo_awards", stdout=quiet)  # achievements, and an award in the HR user's organisation
    organisation = Organisation.objects.get(slug=HR_ORGANISATION)
    job_id = _prepared_workbook(organisation)
    LrsEndpoint.objects.create(  # the demo has no LRS: one, so that its edit, delete and history pages are crawled
        organisation=organisation, name="Regional LRS", url="https://lrs.example.org/xAPI/", key="k", secret="s"
    )
    urls, skipped = [], []
    for route, name, model in our_admin_routes():
        url = fill(route, model, organisation, job_id)
        (urls if url else skipped).append(url or f"{route} ({name}: no record to show)")
    urls = [*EXTRA, *dict.fromkeys(urls)]

    hr_sign_in_with_code(page, demo_site)
    violations, for_admin, visited = [], [], []
    for url in urls:
        status = _visit(page, demo_site + url)
        if status in (403, 404) or page.url.rstrip("/") == f"{demo_site}/admin" and url != "/admin/":
            for_admin.append(url)  # not HR's screen (permission, or another organisation's record)
            continue
        assert status == 200, f"{url} answered {status}"
        visited.append(url)
        violations += axe_violations(page, f"HR: {url}")

    page.context.clear_cookies()
    hr_sign_in_with_code(page, demo_site, ADMIN_EMAIL)
    for url in for_admin:
        status = _visit(page, demo_site + url)
        assert status == 200, f"{url} answered {status} to the platform admin"
        visited.append(url)
        violations += axe_violations(page, f"platform admin: {url}")

    assert len(visited) >= 40, (visited, skipped)
    assert not violations, f"axe-core found {len(violations)} violation(s):\n" + "\n".join(violations)


CUT_LABELS = """() => Array.from(document.querySelectorAll('.menuitem-label'))
    .filter(el => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
    .map(el => el.textContent.trim())"""


def test_menu_labels_fit_the_sidebar(page, demo_site):
    """No label in the admin's sidebar or its sub-menus is cut short with an ellipsis."""
    hr_sign_in_with_code(page, demo_site)
    expect(page.get_by_role("button", name=MENU_LABEL, exact=True)).to_be_visible()
    cut = page.evaluate(CUT_LABELS)
    menus = page.locator("button.sidebar-menu-item__link[aria-haspopup=menu]")
    opened = 0
    for index in range(menus.count()):
        menus.nth(index).click()
        expect(menus.nth(index)).to_have_attribute("aria-expanded", "true")
        cut += page.evaluate(CUT_LABELS)
        opened += 1
        page.keyboard.press("Escape")
    assert opened >= 3  # Readiness, People, Personal data
    assert cut == [], f"Labels cut short in the sidebar: {cut}"
