"""Hypothesis without per-example deadlines: shared CI machines are loaded, and a slow example is not a bug.

In the database tiers passwords are hashed with MD5 (≈ 0 s instead of ≈ 0.2 s for Argon2 per user): the tests
marked ``argon2`` put the production hashers back (tests/django_fixtures.py)."""

from hypothesis import settings

settings.register_profile("anjian", deadline=None)
settings.load_profile("anjian")

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PRODUCTION_HASHERS: list[str] = []  # config.settings.PASSWORD_HASHERS, kept for the tests marked argon2


def pytest_configure(config):
    if not config.pluginmanager.has_plugin("django"):
        return  # the domain tier runs without Django (-p no:django)
    from django.conf import settings as django_settings

    PRODUCTION_HASHERS[:] = django_settings.PASSWORD_HASHERS
    django_settings.PASSWORD_HASHERS = FAST_HASHERS
    # Background jobs (ADR 0033) run inside the submitting call; tests of the worker itself choose the database
    # backend (tests/services/test_jobs_worker.py). Subprocesses keep the real default.
    django_settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    from django_tasks.signals import clear_tasks_handlers

    clear_tasks_handlers(setting="TASKS")
