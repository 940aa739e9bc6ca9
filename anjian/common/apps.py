from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "anjian.common"
    label = "common"
    verbose_name = "公共"
