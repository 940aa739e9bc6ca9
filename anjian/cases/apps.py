from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "anjian.cases"
    label = "cases"
    verbose_name = "行政处罚案件"

    def ready(self):
        from anjian.cases import guard_sql  # noqa: F401  registers the database guard (ADR 0019)
