from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "credentials"
    verbose_name = "Credentials"

    def ready(self) -> None:
        from credentials.tasks import awards_issue
        from notifications.schedule import Job, register_job

        register_job(Job("issue_awards", "minute", awards_issue))
