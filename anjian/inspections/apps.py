from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "anjian.inspections"
    label = "inspections"
    verbose_name = "执法检查"

    def ready(self):
        from anjian.documents.selectors import hidden_subjects_register
        from anjian.inspections.models import Inspection
        from anjian.inspections.sealing import hidden_inspection_ids

        hidden_subjects_register(Inspection, hidden_inspection_ids)  # a sealed inspection's documents (ADR 0023)
