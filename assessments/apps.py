from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from assessments.selectors import knowledge_checks_passed
        from learning.completion import register_requirement

        register_requirement(knowledge_checks_passed)
