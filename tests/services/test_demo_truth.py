"""The demo data tells no untruths: its documents carry their content and are signed by the unit's own people, no
date lies after today, every seeded record's steps are dated in order, and 西平县 handles its own records."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from anjian.accounts.models import RoleAssignment
from anjian.cases.core.selectors import case_timeline
from anjian.cases.models import PenaltyCase
from anjian.documents.files import document_file_bytes
from anjian.documents.models import Document
from anjian.domain.permissions import Role
from anjian.inspections.models import Inspection

pytestmark = pytest.mark.django_db
CASE_DATES = ("filed_on", "investigated_on", "notice_served_on", "decided_on", "served_on", "paid_on", "closed_on",
              "disclosed_on", "archived_on")


def holds(user, agency, role: Role) -> bool:
    return user is not None and RoleAssignment.objects.filter(user=user, agency=agency, role=role).exists()


def test_history_documents_carry_their_content_signed_by_the_units_own_people(monkeypatch):
    from anjian.home.demo import demo_officers_create
    from anjian.home.demo_history import demo_history_create

    monkeypatch.setattr("anjian.home.demo_history.render_pdf", lambda kind, context: b"%PDF-1.4 stub")

    call_command("demo_data", enterprises=800, seed=7, no_officers=True, stdout=StringIO())
    today = date(2026, 12, 7)
    demo_officers_create(7, today)
    assert demo_history_create(7, today) > 200
    decisions = Document.objects.filter(kind_id="罚").select_related("agency", "issued_by")
    assert decisions.count() == PenaltyCase.objects.count() > 10
    for doc in decisions:
        case = PenaltyCase.objects.get(pk=doc.subject_id)
        body = doc.content["body"]
        assert f"当事人：{case.party_name}" in body and case.cause in body and case.violated_provision in body
        assert "询问笔录" in body and "等等" not in body  # the evidence it cites is on the case
        assert "罚款人民币" in body and doc.content["legal_basis"].startswith(case.penalty_provision)
        assert holds(case.decided_by, doc.agency, Role.AGENCY_LEADER), doc.number
        assert doc.content["signer"] == str(case.decided_by) and doc.content["signer_id"] == case.decided_by_id
        assert holds(doc.issued_by, doc.agency, Role.OFFICER) and holds(case.created_by, doc.agency, Role.OFFICER)
    # this year's decisions of the demo logins' counties have their files (the page offers Word and PDF)
    with_files = decisions.exclude(pdf_sha256="")
    assert with_files.exists() and all(document_file_bytes(d, "docx") and d.year == 2026 for d in with_files)
    assert set(with_files.values_list("agency__region_id", flat=True)) <= {"411726", "411721"}
    assert decisions.filter(agency__region_id="411726", year=2026, pdf_sha256="").count() == 0
    for doc in Document.objects.filter(kind_id="检记").select_related("agency", "issued_by")[:50]:
        assert doc.content["findings"] and len(doc.content["inspectors"]) == 2 and doc.content["signer"]
        assert holds(doc.issued_by, doc.agency, Role.OFFICER)
    # finished business only: nothing served, paid, published or closed after today
    for field in CASE_DATES:
        assert not PenaltyCase.objects.filter(**{f"{field}__gt": today}).exists(), field


def test_the_demo_is_dated_in_order_up_to_today_and_xiping_handles_its_own_records(monkeypatch):
    from anjian.home.demo import demo_logins
    from tests.services.case_helpers import stub_pdf

    stub_pdf(monkeypatch)
    call_command("demo_data", enterprises=800, seed=7, stdout=StringIO())
    today = timezone.localdate()
    for case in PenaltyCase.objects.all():
        proposed = timezone.localdate(case.created_at)
        assert case.filed_on is None or proposed <= case.filed_on, case.name  # 立案申请 before 立案
        for field in CASE_DATES:
            assert (getattr(case, field) or today) <= today, (case.name, field)
        timeline = case_timeline(case)
        assert all(e.on <= today for e in timeline) and timeline[0].label == "立案申请", case.name
    for i in Inspection.objects.exclude(started_at=None):
        assert i.created_at <= i.approved_at <= i.started_at, i.pk  # planned, approved, then under way
    assert not Document.objects.filter(issued_at__date__gt=today).exists()

    xiping = {u for u, _, _ in demo_logins() if u.startswith("county2-")}
    assert xiping == {"county2-agency-leader", "county2-department-head", "county2-officer", "county2-legal-reviewer"}
    cases = PenaltyCase.objects.filter(agency__region_id="411721").select_related("agency")
    assert cases.exclude(filing_approved_by=None).exists() and cases.exclude(legal_reviewer=None).exists()
    for case in cases:
        for user in (case.filing_approved_by, case.legal_reviewer, case.decided_by, case.created_by):
            assert user is None or RoleAssignment.objects.filter(user=user, agency=case.agency).exists(), case.name
    for i in Inspection.objects.filter(agency__region_id="411721").exclude(approved_by=None):
        assert RoleAssignment.objects.filter(user=i.approved_by, agency=i.agency).exists()
