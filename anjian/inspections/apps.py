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
        from anjian.documents.site_signatures import site_signatures_register
        from anjian.inspections.site_signatures import document_signatures

        site_signatures_register(Inspection, document_signatures)  # on-site signatures in issued documents
