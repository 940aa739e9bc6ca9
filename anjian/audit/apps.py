from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "anjian.audit"
    label = "audit"
    verbose_name = "审计"

    def ready(self):
        from anjian.audit import guard_sql  # noqa: F401  registers the database guard (ADR 0019)
