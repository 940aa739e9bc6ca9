from django.apps import AppConfig


class OfficersConfig(AppConfig):
    name = "anjian.officers"
    label = "officers"
    verbose_name = "执法人员与专家"
