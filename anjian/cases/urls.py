"""Penalty-case URLs, one module per part: core lifecycle, discretion, execution, transfers, records (disclosure,
file check, archive). The public pages of published decisions are anjian.cases.records.urls_public."""

from anjian.cases.core import urls as core
from anjian.cases.discretion import urls as discretion
from anjian.cases.execution import urls as execution
from anjian.cases.records import urls as records
from anjian.cases.transfers import urls as transfers

app_name = "cases"
urlpatterns = [*core.urlpatterns, *discretion.urlpatterns, *execution.urlpatterns, *transfers.urlpatterns,
               *records.urlpatterns]
