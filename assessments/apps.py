from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from assessments.selectors import knowledge_checks_passed, required_knowledge_check_ids
        from assessments.skill_tag_panels import skill_tag_panels_attach
        from learning.completion import register_required_pages, register_requirement

        register_requirement(knowledge_checks_passed)
        register_required_pages(required_knowledge_check_ids)
        skill_tag_panels_attach()
