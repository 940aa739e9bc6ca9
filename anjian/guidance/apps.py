from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "anjian.guidance"
    label = "guidance"
    verbose_name = "执法指导与典型案例"
