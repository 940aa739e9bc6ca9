from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "anjian.reports"
    label = "reports"
    verbose_name = "统计排名与通报"
