from django.apps import AppConfig


class MapsConfig(AppConfig):
    name = "anjian.maps"
    verbose_name = "地图"
