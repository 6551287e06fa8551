from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"

    def ready(self):
        from cms.admin_exports import admin_exports_neutralise

        admin_exports_neutralise()
