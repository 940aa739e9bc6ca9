"""The case page's 生成案卷PDF and the due list's 公开所选 / 公开全部待公开 submit background jobs and send the user
to the job's page (issue 13); scope as the pages: out of scope reads as missing."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from anjian.cases.models import PenaltyCase
from anjian.domain.permissions import Role
from anjian.jobs.models import Job
from tests.services.case_records_helpers import HOME, complete_penalty_file, issue, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(make_user):
    return make_user(HOME, Role.DEPARTMENT_HEAD)


def decided(make_enterprise, head):
    case = make_case(make_enterprise(HOME), head, status="executing", decided_on=date(2026, 9, 30))
    issue(head, case, "罚", "罚款人民币20000元")
    return case


def _job(response) -> Job:
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    return Job.objects.get(public_id=response["Location"].split("/")[2])


@pytest.mark.pdf
def test_the_case_page_submits_the_case_file_job_and_its_page_gives_the_pdf(client, head, make_enterprise):
    case = make_case(make_enterprise(HOME), head)
    complete_penalty_file(head, case)
    client.force_login(head)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'action="/cases/{case.pk}/case-file/job/"' in page and "生成案卷PDF（预览）" in page
    assert client.get(f"/cases/{case.pk}/case-file/job/").status_code == 405  # a GET never submits
    job = _job(client.post(f"/cases/{case.pk}/case-file/job/"))
    assert job.kind == "cases.case_file_pdf" and job.owner == head and job.state == Job.State.DONE
    html = client.get(f"/jobs/{job.public_id}/").content.decode()
    assert "已完成" in html and f"/jobs/{job.public_id}/result" in html and f"案卷-{case.pk}.pdf" in html
    download = client.get(f"/jobs/{job.public_id}/result")
    reader = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    assert download["Content-Type"] == "application/pdf" and len(reader.pages) >= 12


def test_another_agency_cannot_submit_or_see_the_case_file_job(client, head, make_enterprise, make_user):
    case = make_case(make_enterprise(HOME), head)
    client.force_login(make_user("411721", Role.DEPARTMENT_HEAD))
    assert client.post(f"/cases/{case.pk}/case-file/job/").status_code == 404
    assert client.post("/cases/999999/case-file/job/").status_code == 404  # reads alike
    assert not Job.objects.exists()
    client.force_login(head)
    job = _job(client.post(f"/cases/{case.pk}/case-file/job/"))
    client.force_login(make_user("411721", Role.DEPARTMENT_HEAD))
    assert client.get(f"/jobs/{job.public_id}/").status_code == 404
    assert client.get(f"/jobs/{job.public_id}/result").status_code == 404


def test_a_failing_case_file_job_says_why_in_plain_words(client, head, make_enterprise):
    case = make_case(make_enterprise(HOME), head)
    complete_penalty_file(head, case)
    client.force_login(head)
    from anjian.cases.records import jobs

    original = jobs.case_file_pdf
    jobs.case_file_pdf = lambda *a, **k: 1 / 0
    try:
        job = _job(client.post(f"/cases/{case.pk}/case-file/job/"))
    finally:
        jobs.case_file_pdf = original
    html = client.get(f"/jobs/{job.public_id}/").content.decode()
    assert job.state == Job.State.FAILED and "失败" in html
    assert "处理时出现内部错误（详情已记入日志），请稍后重试或联系系统管理员" in html and "ZeroDivision" not in html


def test_publish_selected_and_all_pending_from_the_due_list(client, head, make_enterprise):
    first, second, third = (decided(make_enterprise, head) for _ in range(3))
    client.force_login(head)
    page = client.get("/cases/disclosures/").content.decode()
    assert 'action="/cases/disclosures/publish/"' in page and "公开所选" in page and "公开全部待公开（3起）" in page
    assert f'name="case" value="{first.pk}"' in page
    job = _job(client.post("/cases/disclosures/publish/", {"scope": "selected", "case": [first.pk, second.pk]}))
    assert job.kind == "cases.disclose_batch" and job.params == {"case_ids": [first.pk, second.pk]}
    assert job.result_message == "已公开 2 起，跳过 0 起"
    assert PenaltyCase.objects.filter(disclosed_on__isnull=False).count() == 2
    everything = _job(client.post("/cases/disclosures/publish/", {"scope": "all", "state": "pending"}))
    assert everything.params == {"case_ids": [third.pk]} and everything.result_message == "已公开 1 起，跳过 0 起"
    none_left = client.post("/cases/disclosures/publish/", {"scope": "all", "state": "pending"}, follow=True)
    assert "没有待公开的案件" in none_left.content.decode() and Job.objects.count() == 2
    nothing = client.post("/cases/disclosures/publish/", {"scope": "selected"}, follow=True)
    assert "请至少选择一起案件" in nothing.content.decode()


def test_readers_cannot_publish_and_another_agencys_cases_are_skipped_as_missing(client, head, make_enterprise,
                                                                                 make_user):
    case = decided(make_enterprise, head)
    client.force_login(make_user(HOME, Role.READ_ONLY))
    assert "公开所选" not in client.get("/cases/disclosures/").content.decode()
    assert client.post("/cases/disclosures/publish/", {"scope": "selected", "case": [case.pk]}).status_code == 403
    client.force_login(make_user("411721", Role.DEPARTMENT_HEAD))
    job = _job(client.post("/cases/disclosures/publish/", {"scope": "selected", "case": [case.pk]}))
    assert job.result_message == "已公开 0 起，跳过 1 起。跳过原因：记录不存在或不在管辖范围内"
    assert PenaltyCase.objects.get(pk=case.pk).disclosed_on is None
    assert client.post("/cases/disclosures/publish/", {"scope": "selected", "case": ["x"]}).status_code == 302
    assert Job.objects.count() == 1
