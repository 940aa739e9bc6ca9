"""Job kinds of the cases app, found by anjian.jobs at start-up (ADR 0033)."""

from anjian.cases.records import jobs  # noqa: F401  the case file PDF and the batch publication
