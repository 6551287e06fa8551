from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notifications_page, name="notifications"),
    path("remind/", views.nudge, name="nudge"),
    path("settings/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
