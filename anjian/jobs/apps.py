from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "anjian.jobs"
    verbose_name = "后台任务"

    def ready(self):
        # Each app registers its job kinds in its own ``jobs.py`` (see the package docstring).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("jobs")
