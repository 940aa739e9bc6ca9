from django.apps import AppConfig


class FieldConfig(AppConfig):
    name = "anjian.field"
    verbose_name = "现场执法（手机）"
