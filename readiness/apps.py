from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    name = "readiness"
    verbose_name = "Workforce readiness"

    def ready(self) -> None:
        from assessments.targets import register_target_source
        from learning.events import staff_records_changed
        from readiness.learner_targets import cohort_targets_for_staff
        from readiness.staff_changes import cohorts_reapply_for_staff_change

        staff_records_changed.connect(cohorts_reapply_for_staff_change, dispatch_uid="readiness-cohort-rules")
        register_target_source(cohort_targets_for_staff)
