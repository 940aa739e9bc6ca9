from django.apps import AppConfig


class DrawsConfig(AppConfig):
    name = "anjian.draws"
    label = "draws"
    verbose_name = "双随机抽查"

    def ready(self):
        from anjian.calendars.recompute import register
        from anjian.draws.services_deadlines import task_deadlines_recompute

        register("draw_task_disclosure", task_deadlines_recompute)
