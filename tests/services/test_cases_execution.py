"""Execution and closing of penalty cases through the services: payments, surcharge, deferral, reminder, court
application, closing; cases are built directly in the state each test needs."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from anjian.audit.models import AuditEvent
from anjian.cases.core.selectors import case_get_for
from anjian.cases.execution.selectors import execution_of
from anjian.cases.execution.services import (
    case_close,
    case_enforcement_apply,
    case_installment_approve,
    case_payment_record,
    case_reminder_serve,
    case_surcharge_decide,
)
from anjian.cases.models import CasePayment, PenaltyCase
from anjian.common.errors import NotFound, ServiceDenied, ServiceInvalid
from anjian.documents.selectors import documents_of
from anjian.domain.case_execution import owed
from anjian.domain.permissions import Role
from anjian.regions.models import Agency

pytestmark = pytest.mark.django_db

COUNTY = "411726"  # 泌阳县
SERVED = date(2025, 3, 3)  # → payment due 2025-03-18 (a Tuesday)
DUE = date(2025, 3, 18)


def make_case(enterprise, *, status="executing", fine="10000.00", served_on=SERVED, **fields) -> PenaltyCase:
    """A case of 泌阳县 in ``status`` with a decision served on ``served_on`` (no core services needed)."""
    values = {"agency": Agency.objects.get(region_id=enterprise.region_id), "enterprise": enterprise,
              "name": f"{enterprise.name}未按规定开展安全生产教育培训案", "cause": "未按规定对从业人员进行安全生产教育和培训",
              "source": "inspection", "party_name": enterprise.name, "status": status, "filed_on": date(2025, 1, 6),
              "decided_on": date(2025, 2, 26) if served_on else None, "served_on": served_on,
              "fine_amount": Decimal(fine) if fine is not None else None, "result": "penalized",
              "facts": "经查，该单位未对新入职的12名从业人员进行安全生产教育和培训。", **fields}
    return PenaltyCase.objects.create(**values)


def kinds(case) -> list[str]:
    return sorted(d.kind_id for d in documents_of(case) if d.status == "issued")


@pytest.fixture
def people(make_user):
    return {"officer": make_user(COUNTY, Role.OFFICER), "head": make_user(COUNTY, Role.DEPARTMENT_HEAD),
            "leader": make_user(COUNTY, Role.AGENCY_LEADER), "reader": make_user(COUNTY, Role.READ_ONLY),
            "stranger": make_user("411721", Role.DEPARTMENT_HEAD)}


@pytest.fixture
def case(make_enterprise):
    return make_case(make_enterprise(COUNTY, name="泌阳县恒安化工有限公司"))


@time_machine.travel("2025-03-10 10:00 +0800", tick=False)
def test_paid_in_instalments_on_time_then_closed_with_the_closing_form(case, people):
    case_payment_record(actor=people["officer"], case=case, amount=Decimal("4000"), paid_on=date(2025, 3, 5),
                        receipt_number="HN-001")
    case.refresh_from_db()
    assert (case.paid_amount, case.paid_on) == (Decimal("4000.00"), None)
    case_payment_record(actor=people["officer"], case=case, amount=Decimal("6000"), paid_on=date(2025, 3, 8))
    case.refresh_from_db()
    assert (case.paid_amount, case.paid_on) == (Decimal("10000.00"), date(2025, 3, 8))
    assert CasePayment.objects.filter(case=case).count() == 2
    assert AuditEvent.objects.filter(verb="case_payment_record").count() == 2
    with pytest.raises(ServiceDenied):
        case_close(actor=people["officer"], case=case, on=date(2025, 3, 10), note="")
    closed = case_close(actor=people["head"], case=case, on=date(2025, 3, 10), note="罚款已全部缴纳")
    assert (closed.status, closed.closed_on, closed.result) == ("closed", date(2025, 3, 10), "penalized")
    closing = next(d for d in documents_of(case) if d.kind_id == "结")
    assert closing.status == "issued" and closing.number
    for text in ("当事人：泌阳县恒安化工有限公司", "处理结果：给予行政处罚", "已缴人民币壹万元整（¥10,000.00）", "罚款已全部缴纳"):
        assert text in closing.content["body"]


@time_machine.travel("2025-03-10 10:00 +0800", tick=False)
def test_overpayment_is_refused_and_nothing_is_recorded(case, people):
    case_payment_record(actor=people["officer"], case=case, amount=Decimal("9000"), paid_on=date(2025, 3, 5))
    with pytest.raises(ServiceInvalid, match="缴款金额1500元超过尚欠罚款1000.00元"):
        case_payment_record(actor=people["officer"], case=case, amount=Decimal("1500"), paid_on=date(2025, 3, 6))
    with pytest.raises(ServiceInvalid, match="缴款日期不能晚于今天"):
        case_payment_record(actor=people["officer"], case=case, amount=Decimal("100"), paid_on=date(2025, 3, 11))
    case.refresh_from_db()
    assert case.paid_amount == Decimal("9000.00") and CasePayment.objects.count() == 1


@time_machine.travel("2025-04-01 10:00 +0800", tick=False)
def test_a_late_payment_owes_the_surcharge_before_the_case_closes(case, people):
    x = execution_of(case)
    assert x.due == DUE and owed(x, date(2025, 4, 1)).surcharge_total == Decimal("4200.00")  # 14 days × 3 %
    with pytest.raises(ServiceInvalid, match="尚欠罚款10000.00元、加处罚款4200.00元未缴清"):
        case_close(actor=people["head"], case=case, on=date(2025, 4, 1), note="")
    case_payment_record(actor=people["officer"], case=case, amount=Decimal("10000"), paid_on=date(2025, 3, 20))
    with pytest.raises(ServiceInvalid, match="尚欠加处罚款600.00元"):
        case_close(actor=people["head"], case=case, on=date(2025, 4, 1), note="")
    with pytest.raises(ServiceInvalid, match="超过截至2025-04-01应缴的加处罚款600.00元"):
        case_payment_record(actor=people["officer"], case=case, amount=Decimal("700"), paid_on=date(2025, 4, 1),
                            kind="surcharge")
    case_payment_record(actor=people["officer"], case=case, amount=Decimal("600"), paid_on=date(2025, 4, 1),
                        kind="surcharge", receipt_number="HN-009")
    assert case_close(actor=people["head"], case=case, on=date(2025, 4, 1), note="罚款及加处罚款已缴清").status == "closed"


@time_machine.travel("2025-03-12 10:00 +0800", tick=False)
def test_an_approved_deferral_moves_the_deadline_and_issues_both_forms(case, people):
    with pytest.raises(ServiceDenied):
        case_installment_approve(actor=people["officer"], case=case, until=date(2025, 5, 30), reason="资金周转困难")
    with pytest.raises(ServiceInvalid, match="须晚于现缴款期限2025-03-18"):
        case_installment_approve(actor=people["head"], case=case, until=date(2025, 3, 18), reason="资金周转困难")
    updated = case_installment_approve(actor=people["head"], case=case, until=date(2025, 5, 30), reason="资金周转困难")
    assert updated.installment_until == date(2025, 5, 30)
    x = execution_of(updated)
    assert x.due == date(2025, 5, 30) and owed(x, date(2025, 5, 30)).surcharge_total == 0
    assert kinds(case) == sorted(["缴审", "缴批"])
    with pytest.raises(ServiceInvalid, match="缴款期限至2025-05-30届满"):
        case_reminder_serve(actor=people["officer"], case=case, on=date(2025, 3, 12))


def test_reminder_then_court_application_only_after_the_reminder_period(case, people):
    with (time_machine.travel("2025-03-18 10:00 +0800", tick=False),
          pytest.raises(ServiceInvalid, match="缴款期限至2025-03-18届满，期满后仍未缴纳的才能催告")):
        case_reminder_serve(actor=people["officer"], case=case, on=date(2025, 3, 18))
    with time_machine.travel("2025-03-21 10:00 +0800", tick=False):
        case_reminder_serve(actor=people["officer"], case=case, on=date(2025, 3, 21))
        assert kinds(case) == sorted(["催", "执行催告"])
        reminder = next(d for d in documents_of(case) if d.kind_id == "催")
        assert "尚欠罚款人民币壹万元整（¥10,000.00）" in reminder.content["body"] and "十日内" in reminder.content["body"]
        case_surcharge_decide(actor=people["officer"], case=case, on=date(2025, 3, 21))
        with pytest.raises(ServiceInvalid, match="本案已作出加处罚款决定"):
            case_surcharge_decide(actor=people["officer"], case=case, on=date(2025, 3, 21))
    with (time_machine.travel("2025-03-31 10:00 +0800", tick=False),  # 3-21 + 10 days = 3-31, a Monday
          pytest.raises(ServiceInvalid, match="催告期限至2025-03-31届满，2025-04-01起才能申请法院强制执行")):
        case_enforcement_apply(actor=people["head"], case=case, on=date(2025, 3, 31), court="泌阳县人民法院")
    with time_machine.travel("2025-04-02 10:00 +0800", tick=False):
        with pytest.raises(ServiceDenied):
            case_enforcement_apply(actor=people["officer"], case=case, on=date(2025, 4, 2), court="泌阳县人民法院")
        applied = case_enforcement_apply(actor=people["head"], case=case, on=date(2025, 4, 2), court="泌阳县人民法院")
        assert (applied.enforcement_applied_on, applied.court) == (date(2025, 4, 2), "泌阳县人民法院")
        application = next(d for d in documents_of(case) if d.kind_id == "强执")
        assert application.content["addressee"] == "泌阳县人民法院"
        assert application.content["signer"] == people['head'].full_name  # 签发人, printed below the body
        with pytest.raises(ServiceInvalid, match="须写明法院的执行"):
            case_close(actor=people["head"], case=case, on=date(2025, 4, 2), note="")
        closed = case_close(actor=people["head"], case=case, on=date(2025, 4, 2),
                            note="泌阳县人民法院裁定准予强制执行，已扣划到账")
        assert closed.status == "closed" and kinds(case) == sorted(["催", "执行催告", "加罚", "强执", "结"])


@time_machine.travel("2025-10-09 10:00 +0800", tick=False)
def test_a_deadline_falling_in_the_national_day_holiday_moves_to_the_next_working_day(make_enterprise, people):
    case = make_case(make_enterprise(COUNTY), served_on=date(2025, 9, 16))  # +15 days = 10-01 (holiday)
    assert execution_of(case).due == date(2025, 10, 9)
    with pytest.raises(ServiceInvalid, match="缴款期限至2025-10-09届满"):
        case_reminder_serve(actor=people["officer"], case=case, on=date(2025, 10, 9))


@time_machine.travel("2025-03-10 10:00 +0800", tick=False)
def test_a_warning_without_fine_closes_once_executed(make_enterprise, people):
    case = make_case(make_enterprise(COUNTY), fine=None)
    with pytest.raises(ServiceInvalid, match="本案没有罚款"):
        case_payment_record(actor=people["officer"], case=case, amount=Decimal("1"), paid_on=date(2025, 3, 5))
    assert case_close(actor=people["head"], case=case, on=date(2025, 3, 10), note="已予警告").status == "closed"


@time_machine.travel("2025-03-10 10:00 +0800", tick=False)
def test_steps_on_an_archived_case_are_refused(make_enterprise, people):
    case = make_case(make_enterprise(COUNTY), status="archived", paid_amount=Decimal("10000"), paid_on=SERVED)
    for step in (lambda: case_payment_record(actor=people["officer"], case=case, amount=Decimal("1"),
                                             paid_on=date(2025, 3, 5)),
                 lambda: case_close(actor=people["head"], case=case, on=date(2025, 3, 10), note=""),
                 lambda: case_reminder_serve(actor=people["officer"], case=case, on=date(2025, 3, 10))):
        with pytest.raises(ServiceInvalid, match="案件已归档，案卷不得增加、抽取或修改"):
            step()
    assert CasePayment.objects.count() == 0


@time_machine.travel("2025-03-10 10:00 +0800", tick=False)
def test_other_agencies_and_readers_cannot_act(case, people):
    with pytest.raises(NotFound):
        case_get_for(people["stranger"], case.pk)
    for actor in (people["stranger"], people["reader"], people["leader"]):
        with pytest.raises(ServiceDenied):
            case_payment_record(actor=actor, case=case, amount=Decimal("1"), paid_on=date(2025, 3, 5))
    with pytest.raises(ServiceInvalid, match="执行阶段才能登记缴款"):
        case_payment_record(actor=people["officer"], case=make_case(case.enterprise, status="decided"),
                            amount=Decimal("1"), paid_on=date(2025, 3, 5))


@time_machine.travel("2025-03-10 10:00 +0800", tick=False)
def test_an_agency_leader_closes_without_document_rights_and_the_step_still_succeeds(case, people):
    case_payment_record(actor=people["officer"], case=case, amount=Decimal("10000"), paid_on=date(2025, 3, 5))
    closed = case_close(actor=people["leader"], case=case, on=date(2025, 3, 10), note="已缴清")
    assert closed.status == "closed" and kinds(case) == []
