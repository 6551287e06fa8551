from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notifications_page, name="notifications"),
    path("remind/", views.nudge, name="nudge"),
]
