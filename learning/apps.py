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

        from django.db.models.signals import pre_delete

        from learning import content_changes

        pre_delete.connect(content_changes.lesson_pre_delete, dispatch_uid="learning-progress-archive")
        page_unpublished.connect(content_changes.page_unpublished, dispatch_uid="learning-unpublish-completions")
        post_delete.connect(content_changes.page_deleted, dispatch_uid="learning-delete-completions")

        from allauth.account.signals import user_logged_in

        from learning.sign_in_notice import notify_new_sign_in

        user_logged_in.connect(notify_new_sign_in, dispatch_uid="learning-new-sign-in-notice")

        from django.core.signals import request_finished

        from learning.scorm.storage import uncommitted_files_delete

        # a SCORM package stored by a page save that was then rolled back: its files go once the request ends
        request_finished.connect(uncommitted_files_delete, dispatch_uid="learning-scorm-uncommitted-files")
