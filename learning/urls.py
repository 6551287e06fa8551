from django.urls import path

from learning import views
from learning.scorm.urls import commit_urlpatterns

app_name = "learning"

urlpatterns = [
    path("", views.my_learning, name="my_learning"),
    path("courses/<int:course_id>/enrol/", views.course_enrol, name="course_enrol"),
    path("lessons/<int:lesson_id>/complete/", views.lesson_complete, name="lesson_complete"),
    *commit_urlpatterns,
]
