"""Job kinds of the enterprises app (ADR 0033)."""

from anjian.enterprises import jobs_export  # noqa: F401  the export above ANJIAN_EXPORT_JOB_ROWS rows
from anjian.enterprises.importing import enterprise_import_commit
from anjian.jobs.imports import import_job_body
from anjian.jobs.registry import register

register("enterprises.import", label="导入生产经营单位")(import_job_body(enterprise_import_commit, "家"))
