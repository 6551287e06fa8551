from django.urls import path

from credentials import views

app_name = "credentials"

urlpatterns = [
    path("credentials/<uuid:public_id>/", views.verify, name="verify"),
    path("credentials/<uuid:public_id>/credential.json", views.credential_json, name="credential_json"),
    path("credentials/issuers/<uuid:public_id>/", views.issuer_profile, name="issuer"),
    path("credentials/issuers/<uuid:public_id>/status/", views.status_list, name="status_list"),
    path("credentials/achievements/<int:pk>/", views.achievement, name="achievement"),
    path("learning/achievements/", views.my_achievements, name="my_achievements"),
    path("learning/achievements/<uuid:public_id>/certificate.pdf", views.certificate, name="certificate"),
]
