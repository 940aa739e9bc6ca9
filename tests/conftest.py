"""Hypothesis without per-example deadlines: shared CI machines are loaded, and a slow example is not a bug."""

from hypothesis import settings

settings.register_profile("anjian", deadline=None)
settings.load_profile("anjian")
