"""Job kinds of the officers app (ADR 0033)."""

from anjian.jobs.imports import import_job_body
from anjian.jobs.registry import register
from anjian.officers.importing import officer_import_commit

register("officers.import", label="导入执法人员")(import_job_body(officer_import_commit, "人"))
