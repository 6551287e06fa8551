from django.urls import path

from assessments import personal_data_views, views

app_name = "assessments"

urlpatterns = [
    path("skills/", views.my_skills, name="my_skills"),
    path("assessments/<int:page_id>/start/", views.attempt_start, name="attempt_start"),
    path("assessments/<int:page_id>/self-assessment/", views.self_assessment_submit, name="self_assessment_submit"),
    path("attempts/<int:attempt_id>/questions/<int:position>/", views.attempt_question, name="attempt_question"),
    path("attempts/<int:attempt_id>/review/", views.attempt_review, name="attempt_review"),
    path("attempts/<int:attempt_id>/submit/", views.attempt_submit, name="attempt_submit"),
    path("attempts/<int:attempt_id>/result/", views.attempt_result, name="attempt_result"),
    path("my-record/", personal_data_views.my_record, name="my_record"),
    path("my-record.json", personal_data_views.my_record_json, name="my_record_json"),
    path("my-record.csv", personal_data_views.my_record_csv, name="my_record_csv"),
]
