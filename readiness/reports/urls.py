"""Admin URLs of the workforce readiness screens (registered under /admin/readiness/)."""

from django.urls import include, path

from readiness.reports import views

patterns = [
    path("", views.index, name="readiness_index"),
    path("organisation/<int:organisation_id>/", views.organisation, name="readiness_organisation"),
    path("organisation/<int:organisation_id>/staff/", views.organisation_staff, name="readiness_organisation_staff"),
    path("organisation/<int:organisation_id>/export/", views.organisation_export, name="readiness_organisation_export"),
    path("cohort/<int:cohort_id>/", views.cohort, name="readiness_cohort"),
    path("cohort/<int:cohort_id>/progress/", views.cohort_progress, name="readiness_cohort_progress"),
    path("cohort/<int:cohort_id>/staff/", views.cohort_staff, name="readiness_cohort_staff"),
    path("cohort/<int:cohort_id>/export/", views.cohort_export, name="readiness_cohort_export"),
]


def admin_urls() -> list:
    return [path("readiness/", include(patterns))]
