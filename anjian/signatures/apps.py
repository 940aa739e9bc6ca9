from django.apps import AppConfig


class SignaturesConfig(AppConfig):
    name = "anjian.signatures"
    verbose_name = "现场签名"

    def ready(self):
        from anjian.signatures import guard_sql  # noqa: F401  registers the database guard (ADR 0019)
