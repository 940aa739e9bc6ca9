from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "anjian.notices"
    label = "notices"
    verbose_name = "待办提醒"
