"""Background jobs (issue 13, ADR 0033): long work runs on `manage.py worker` (django-tasks, database backend).

Register a kind in your app's ``jobs.py`` (found at start-up by ``autodiscover_modules("jobs")``)::

    from anjian.jobs.registry import JobOutcome, register

    @register("reports.bulletin", label="通报", atomic=False)   # atomic=False: writes nothing to the database
    def bulletin_body(job, params, progress):                  # job: jobs.Job; params: the JSON dict submitted
        progress(0, 3, "正在统计")                               # progress(done, total, message="")
        ...                                                    # refuse with the service errors (their words show)
        return JobOutcome(message="已生成", filename="通报.pdf", content=pdf_bytes, content_type="application/pdf")

Submit it from a view or service, then send the user to the job's page::

    from anjian.jobs.services import job_submit
    job = job_submit(actor=request.user, kind="reports.bulletin", params={"year": 2026}, title="2026年通报")
    return redirect("jobs:detail", public_id=job.public_id)

- ``params`` must be JSON (ids, dates as ISO text); the body re-reads records itself, scoped by ``job.owner``.
- ``atomic=True`` (default): the body's writes commit together with 已完成; on an error, or when its worker dies
  (no heartbeat for 60 s), nothing of it remains and it is run again from scratch (at most
  ``ANJIAN_JOB_MAX_ATTEMPTS`` times, then 失败: 工作进程中断次数过多).
- The result file is saved by the runner in ``default_storage`` (``jobs/<id>/result.<ext>``); ``job.result_name``
  holds the storage name; the page offers it for download to whoever may see the job.
- Errors of ``anjian.common.errors`` become the job's failure words; anything else is logged with its traceback
  and the user reads a plain sentence.
- Tests: the ImmediateBackend runs the body inside ``job_submit`` (tests/conftest.py).
"""
