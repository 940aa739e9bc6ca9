from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "anjian.home"
    label = "home"
    verbose_name = "首页"
