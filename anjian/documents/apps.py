from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "anjian.documents"
    label = "documents"
    verbose_name = "执法文书"

    def ready(self):
        from anjian.documents import guard_sql  # noqa: F401  registers the database guard (ADR 0019)
