from django.urls import path

from readiness import team_views
from readiness.record import views as record_views

app_name = "readiness"

urlpatterns = [
    path("team/", team_views.my_team, name="my_team"),
    path("people/<int:staff_id>/", record_views.staff_record, name="staff_record"),
]
