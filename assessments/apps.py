from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from assessments.scorm_results import scorm_skill_results_record
        from assessments.selectors import knowledge_checks_passed, required_knowledge_check_ids
        from assessments.skill_tag_panels import scorm_award_panel_attach, skill_tag_panels_attach
        from learning.completion import register_required_pages, register_requirement
        from learning.events import scorm_lesson_passed

        register_requirement(knowledge_checks_passed)
        register_required_pages(required_knowledge_check_ids)
        skill_tag_panels_attach()
        scorm_award_panel_attach()
        scorm_lesson_passed.connect(scorm_skill_results_record, dispatch_uid="assessments-scorm-results")
