"""Background jobs of the records part (issue 13): the case file PDF (progress per document, the PDF in storage)
and publishing several decisions at once (each case on its own, already published ones skipped and counted)."""

import io
from datetime import date

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from anjian.cases.models import PenaltyCase
from anjian.cases.records.services_disclosure import ALREADY, case_disclose, cases_disclose_batch
from anjian.domain.permissions import Role
from anjian.jobs.models import Job
from anjian.jobs.services import job_submit
from tests.services.case_records_helpers import HOME, complete_penalty_file, issue, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(make_user):
    return make_user(HOME, Role.DEPARTMENT_HEAD)


def decided(make_enterprise, head, **fields):
    case = make_case(make_enterprise(HOME), head, status="executing", decided_on=date(2026, 9, 30), **fields)
    issue(head, case, "罚", "罚款人民币20000元")
    return case


@pytest.mark.pdf
def test_the_case_file_job_stores_the_pdf_and_counts_every_document(make_enterprise, head):
    case = make_case(make_enterprise(HOME), head)
    complete_penalty_file(head, case)
    seen = []
    from anjian.cases.records import jobs

    original = jobs.case_file_pdf

    def spy(case, *, today, progress):
        return original(case, today=today, progress=lambda d, t, m="": (seen.append((d, t)), progress(d, t, m)))

    jobs.case_file_pdf = spy
    try:
        job = job_submit(actor=head, kind="cases.case_file_pdf", params={"case_id": case.pk}, title="案卷")
    finally:
        jobs.case_file_pdf = original
    assert job.state == Job.State.DONE and job.result_filename == f"案卷-{case.pk}.pdf"
    assert job.result_content_type == "application/pdf" and "预览" in job.result_message
    with default_storage.open(job.result_name, "rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    assert "未归档" in reader.pages[0].extract_text()
    total = seen[0][1]
    assert seen[0] == (0, total) and seen[-1] == (total - 1, total)  # one step per item of the table, then done
    assert [d for d, _ in seen] == list(range(total))
    assert job.progress_done == job.progress_total == total


def test_a_case_out_of_scope_fails_the_job_as_missing(make_enterprise, head, make_user):
    case = make_case(make_enterprise(HOME), head)
    sibling = make_user("411721", Role.DEPARTMENT_HEAD)
    job = job_submit(actor=sibling, kind="cases.case_file_pdf", params={"case_id": case.pk}, title="案卷")
    assert job.state == Job.State.FAILED and job.error == "记录不存在或不在管辖范围内" and not job.result_name


def test_batch_publication_publishes_each_and_skips_with_reasons(make_enterprise, head, make_user):
    first, second = decided(make_enterprise, head), decided(make_enterprise, head)
    undecided = make_case(make_enterprise(HOME), head, status="investigating")
    elsewhere = make_case(make_enterprise("411721"), make_user("411721", Role.DEPARTMENT_HEAD), region="411721",
                          status="executing", decided_on=date(2026, 9, 30))
    case_disclose(actor=head, case=second, on=date(2026, 10, 9))
    steps = []
    report = cases_disclose_batch(actor=head, case_ids=[first.pk, second.pk, undecided.pk, elsewhere.pk, first.pk],
                                  progress=lambda d, t, m="": steps.append((d, t)))
    assert report.published == [(first.pk, first.name)]
    assert report.skipped == [(second.pk, second.name, ALREADY),
                              (undecided.pk, undecided.name, "只有已作出处罚决定的案件可以公开"),
                              (elsewhere.pk, "", "记录不存在或不在管辖范围内")]  # out of scope reads as missing
    assert steps == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert PenaltyCase.objects.get(pk=first.pk).disclosed_on is not None
    assert PenaltyCase.objects.get(pk=second.pk).disclosed_on == date(2026, 10, 9)  # untouched
    again = cases_disclose_batch(actor=head, case_ids=[first.pk, second.pk])  # a re-run publishes nothing twice
    assert again.published == [] and [r for _, _, r in again.skipped] == [ALREADY, ALREADY]
    assert again.summary() == "已公开 0 起，跳过 2 起（其中已公开过 2 起）"


def test_the_batch_job_reports_published_and_skipped_in_a_file(make_enterprise, head):
    from anjian.audit.models import AuditEvent

    first = decided(make_enterprise, head)
    undecided = make_case(make_enterprise(HOME), head, status="investigating")
    job = job_submit(actor=head, kind="cases.disclose_batch", params={"case_ids": [first.pk, undecided.pk]},
                     title="公开")
    assert job.state == Job.State.DONE
    assert job.result_message == "已公开 1 起，跳过 1 起。跳过原因：只有已作出处罚决定的案件可以公开"
    with default_storage.open(job.result_name, "rb") as f:
        text = f.read().decode("utf-8-sig")
    assert f"{first.pk},{first.name},已公开," in text and "跳过,只有已作出处罚决定的案件可以公开" in text
    assert AuditEvent.objects.filter(verb="case_disclose", target_id=str(first.pk)).count() == 1
    assert job.progress_done == job.progress_total == 2


def test_a_batch_interrupted_by_a_dead_worker_is_run_again_and_publishes_nothing_twice(make_enterprise, head,
                                                                                       settings):
    from django.utils import timezone

    from anjian.jobs.services import jobs_recover_stale, worker_beat
    from tests.services.test_jobs import DB_BACKEND, _as_running_on_dead_worker, _run_queue

    first, second = decided(make_enterprise, head), decided(make_enterprise, head)
    settings.TASKS = DB_BACKEND
    job = job_submit(actor=head, kind="cases.disclose_batch", params={"case_ids": [first.pk, second.pk]},
                     title="公开")
    assert job.state == Job.State.QUEUED
    _as_running_on_dead_worker(job)
    case_disclose(actor=head, case=first)  # what the dead run had committed before its worker died
    worker_beat(name="alive", host="h", pid=1, started_at=timezone.now())
    assert jobs_recover_stale() == {"requeued": 1, "failed": 0}
    _run_queue()
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.attempts == 2
    assert job.result_message == f"已公开 1 起，跳过 1 起（其中已公开过 1 起）。跳过原因：{ALREADY}"
    from anjian.audit.models import AuditEvent

    assert AuditEvent.objects.filter(verb="case_disclose").count() == 2  # once per case
