from django.apps import AppConfig


class SignaturesConfig(AppConfig):
    name = "anjian.signatures"
    verbose_name = "现场签名"
