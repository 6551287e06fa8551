from django.urls import path

from readiness import team_views

app_name = "readiness"

urlpatterns = [
    path("team/", team_views.my_team, name="my_team"),
]
