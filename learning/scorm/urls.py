"""URLs of SCORM lessons: the commit endpoint under /learning/ and the content views under /scorm-content/."""

from django.urls import path

from learning.scorm import views

commit_urlpatterns = [
    path("scorm/<int:lesson_id>/commit/", views.attempt_commit, name="scorm_commit"),
]

content_urlpatterns = [
    path("<str:token>/", views.player, name="scorm_player"),
    path("<str:token>/p/<path:path>", views.package_file, name="scorm_file"),
]
