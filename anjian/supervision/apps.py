from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "anjian.supervision"
    label = "supervision"
    verbose_name = "移交与挂牌督办"
