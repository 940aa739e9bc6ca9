from django.apps import AppConfig


class CreditConfig(AppConfig):
    name = "anjian.credit"
    label = "credit"
    verbose_name = "失信联合惩戒"
