from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "interop"
    verbose_name = "Learning Record Stores"

    def ready(self) -> None:
        from interop import outbox
        from interop.tasks import statements_deliver
        from notifications.schedule import Job, register_job

        outbox.listeners_connect()
        register_job(Job("deliver_statements", "minute", statements_deliver))  # the xAPI outbox to each LRS
