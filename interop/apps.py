from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "interop"
    verbose_name = "Learning Record Stores"

    def ready(self) -> None:
        from interop import outbox

        outbox.listeners_connect()
