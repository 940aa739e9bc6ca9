from django.apps import AppConfig


class FieldConfig(AppConfig):
    name = "anjian.field"
    verbose_name = "现场执法（手机）"

    def ready(self):
        from anjian.field import guard_sql  # noqa: F401  registers the database guard (ADR 0019)
