from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "anjian.campaigns"
    label = "campaigns"
    verbose_name = "异地执法检查"
