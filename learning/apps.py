from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "Learning"

    def ready(self) -> None:
        from django.db.models.signals import post_delete
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from learning import structure

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(structure.content_version_bump, dispatch_uid=f"learning-outline-{signal!r}")
        post_delete.connect(structure.page_deleted, dispatch_uid="learning-outline-delete")

        import importlib.util

        if importlib.util.find_spec("learning.privacy_hooks"):
            importlib.import_module("learning.privacy_hooks")  # admin screens for audit log and anonymising
