from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"

    def ready(self):
        from django.core.signals import request_finished

        from cms.admin_exports import admin_exports_neutralise
        from cms.request_id import request_id_clear

        admin_exports_neutralise()
        request_finished.connect(request_id_clear, dispatch_uid="cms.request_id_clear")
