from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "anjian.search"
    label = "search"
    verbose_name = "检索"
