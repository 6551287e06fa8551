from django.urls import path

from interop import views

app_name = "interop"

urlpatterns = [
    path("activities/pages/<int:page_id>/", views.page_activity, name="page_activity"),
    path(
        "activities/skill-areas/<int:area_id>/levels/<int:level>/",
        views.skill_level_activity,
        name="skill_level_activity",
    ),
]
