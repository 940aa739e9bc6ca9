"""Penalty-case URLs, one module per part: core lifecycle, discretion, execution and transfers, records
(disclosure, file check, archive)."""

from anjian.cases import urls_core, urls_discretion, urls_execution, urls_records

app_name = "cases"
urlpatterns = [*urls_core.urlpatterns, *urls_discretion.urlpatterns, *urls_execution.urlpatterns,
               *urls_records.urlpatterns]
