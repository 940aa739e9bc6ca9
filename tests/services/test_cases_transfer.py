"""Case transfers (移送) through the services: approval and letter, status, inbox/outbox, acknowledgement by a
receiver inside the system (optionally opening its own case), receipts of outside receivers, closing."""

from datetime import date

import pytest
import time_machine

from anjian.audit.models import AuditEvent
from anjian.cases.execution.services import case_close
from anjian.cases.models import CaseTransfer
from anjian.cases.transfers import selectors as sel
from anjian.cases.transfers.services import (
    case_transfer,
    case_transfer_acknowledge,
    case_transfer_receipt_record,
)
from anjian.common.errors import NotFound, ServiceDenied, ServiceInvalid
from anjian.documents.selectors import documents_of
from anjian.domain.permissions import Role
from anjian.regions.models import Agency
from tests.services.inspection_helpers import officer
from tests.services.test_cases_execution import COUNTY, kinds, make_case

pytestmark = pytest.mark.django_db

RECEIVER = "411721"  # 西平县
CITY = "411700"  # 驻马店市, above 泌阳县
MATERIALS = [{"name": "立案审批表", "pages": 2}, {"name": "询问笔录", "pages": 6}]


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel("2025-04-01 10:00 +0800", tick=False):
        yield


@pytest.fixture
def people(make_user):
    return {"officer": make_user(COUNTY, Role.OFFICER), "head": make_user(COUNTY, Role.DEPARTMENT_HEAD),
            "receiver": make_user(RECEIVER, Role.OFFICER), "receiver_reader": make_user(RECEIVER, Role.READ_ONLY),
            "third": make_user("411722", Role.OFFICER)}


@pytest.fixture
def investigating(make_enterprise):
    return make_case(make_enterprise(COUNTY, name="泌阳县宏达建材有限公司"), status="investigating", served_on=None,
                     fine=None, result="")


def send(actor, case, **kw):
    values = {"kind": "agency", "receiver_agency": Agency.objects.get(region_id=RECEIVER),
              "reason": "违法行为发生地在西平县境内", "legal_basis": "《中华人民共和国行政处罚法》第二十二条、第二十五条",
              "materials": MATERIALS, "sent_on": date(2025, 3, 20), **kw}
    return case_transfer(actor=actor, case=case, **values)


def test_the_approver_sends_a_transfer_with_its_approval_form_and_letter(investigating, people):
    with pytest.raises(ServiceDenied, match="案件移送须经审批"):
        send(people["officer"], investigating)
    transfer = send(people["head"], investigating)
    investigating.refresh_from_db()
    assert (investigating.status, investigating.result) == ("transferred", "transferred")
    assert transfer.receiver_name == Agency.objects.get(region_id=RECEIVER).name
    assert kinds(investigating) == sorted(["移审", "移"])
    letter = transfer.document
    assert letter.kind_id == "移" and letter.status == "issued" and letter.number
    body = letter.content["body"]
    for text in ("2025年1月6日立案", "违法行为发生地在西平县境内", "不属于本机关管辖", "移送材料共2项8页", "询问笔录（6页）"):
        assert text in body
    approval = next(d for d in documents_of(investigating) if d.kind_id == "移审")
    assert f"审批人：{people['head'].full_name}" in approval.content["body"]
    assert AuditEvent.objects.filter(verb__in=["case_transfer", "case_transferred"]).count() == 2


def test_the_receiver_sees_it_in_its_inbox_and_acknowledges_then_the_sender_closes(investigating, people):
    transfer = send(people["head"], investigating)
    assert list(sel.transfer_inbox_for(people["receiver"])) == [transfer]
    assert list(sel.transfer_outbox_for(people["officer"])) == [transfer]
    assert list(sel.transfer_inbox_for(people["officer"])) == []
    assert sel.waiting([transfer], date(2025, 4, 1))[0][1] == 12
    with pytest.raises(ServiceInvalid, match="移送尚未签收"):
        case_close(actor=people["head"], case=investigating, on=date(2025, 4, 1), note="")
    for outsider in (people["officer"], people["third"], people["receiver_reader"]):  # not addressed to them
        with pytest.raises(NotFound):
            sel.transfer_to_acknowledge(outsider, transfer.pk)
    with pytest.raises(ServiceDenied):
        case_transfer_acknowledge(actor=people["officer"], transfer=transfer, on=date(2025, 3, 25))
    with pytest.raises(ServiceInvalid, match="签收日期不能早于移送日期2025-03-20"):
        case_transfer_acknowledge(actor=people["receiver"], transfer=transfer, on=date(2025, 3, 19))
    with pytest.raises(ServiceInvalid, match="由其在“移送案件”中签收"):
        case_transfer_receipt_record(actor=people["head"], transfer=transfer, on=date(2025, 3, 25), signer_name="王")
    mine = sel.transfer_to_acknowledge(people["receiver"], transfer.pk)
    with pytest.raises(ServiceInvalid, match="不在.*西平县应急管理局辖区内，不能据此立案"):  # the enterprise is 泌阳县's
        case_transfer_acknowledge(actor=people["receiver"], transfer=mine, on=date(2025, 3, 25), open_case=True)
    assert CaseTransfer.objects.get().acknowledged_on is None  # nothing half-done
    done = case_transfer_acknowledge(actor=people["receiver"], transfer=mine, on=date(2025, 3, 25),
                                     note="已收到全部材料")
    assert done.acknowledged_on == date(2025, 3, 25) and done.acknowledged_by_name == people["receiver"].full_name
    assert done.received_case is None
    with pytest.raises(ServiceInvalid, match="该移送已于2025-03-25签收"):
        case_transfer_acknowledge(actor=people["receiver"], transfer=CaseTransfer.objects.get(), on=date(2025, 3, 26))
    closed = case_close(actor=people["head"], case=investigating, on=date(2025, 4, 1), note="已移送西平县")
    assert (closed.status, closed.result) == ("closed", "transferred") and "结" in kinds(investigating)


def test_a_receiver_whose_region_covers_the_party_opens_its_own_case(investigating, people, make_user):
    city = Agency.objects.get(region_id=CITY)
    city_officer = make_user(CITY, Role.OFFICER)
    transfer = send(people["head"], investigating, receiver_agency=city, reason="案情重大，应由上级机关管辖")
    mine = sel.transfer_to_acknowledge(city_officer, transfer.pk)
    with pytest.raises(ServiceInvalid):  # the new case needs its team
        case_transfer_acknowledge(actor=city_officer, transfer=mine, on=date(2025, 3, 25), open_case=True)
    team = [officer(CITY, name="市局甲"), officer(CITY, name="市局乙")]
    done = case_transfer_acknowledge(actor=city_officer, transfer=mine, on=date(2025, 3, 25), open_case=True,
                                     officers=team)
    new = done.received_case
    assert (new.agency, new.source, new.status, new.party_name) == (city, "transferred_in", "filing",
                                                                    investigating.party_name)
    assert {m.officer.name for m in new.team.all()} == {"市局甲", "市局乙"}
    assert "未对新入职的12名从业人员" in new.facts and "案情重大，应由上级机关管辖" in new.facts
    assert investigating.agency.name in new.source_note and transfer.document.number in new.source_note
    assert CaseTransfer.objects.get().received_case == new


def test_a_suspected_crime_after_the_decision_is_recorded_alongside(make_enterprise, people):
    case = make_case(make_enterprise(COUNTY))
    with pytest.raises(ServiceInvalid, match="只能移送涉嫌犯罪"):
        send(people["head"], case)
    with pytest.raises(ServiceInvalid, match="不能选择本系统内的应急管理部门"):
        send(people["head"], case, kind="public_security")
    transfer = send(people["head"], case, kind="public_security", receiver_agency=None, receiver_name="泌阳县公安局",
                    reason="涉嫌重大责任事故罪", legal_basis="《行政执法机关移送涉嫌犯罪案件的规定》第三条")
    case.refresh_from_db()
    assert case.status == "executing" and case.result == "penalized"
    assert transfer.document.kind_id == "涉移" and "涉嫌犯罪" in transfer.document.content["body"]
    assert list(sel.transfer_inbox_for(people["receiver"])) == []
    with pytest.raises(ServiceInvalid, match="尚未签收，不能再次移送"):
        send(people["head"], case, kind="procuratorate", receiver_agency=None, receiver_name="泌阳县人民检察院")
    with pytest.raises(ServiceInvalid, match="受移送机关不在本系统中"):
        case_transfer_acknowledge(actor=people["receiver"], transfer=transfer, on=date(2025, 3, 25))
    with pytest.raises(NotFound):
        sel.transfer_to_record_receipt(people["receiver"], transfer.pk)
    with pytest.raises(ServiceInvalid, match="请填写签收人"):
        case_transfer_receipt_record(actor=people["officer"], transfer=transfer, on=date(2025, 3, 25), signer_name="")
    done = case_transfer_receipt_record(actor=people["officer"], transfer=transfer, on=date(2025, 3, 25),
                                        signer_name="李警官", note="公安机关已立案侦查")
    assert (done.acknowledged_on, done.acknowledged_by_name) == (date(2025, 3, 25), "李警官")
    assert AuditEvent.objects.filter(verb="case_transfer_receipt_record").count() == 1


def test_transfers_are_refused_where_the_table_forbids_them(make_enterprise, people):
    enterprise = make_enterprise(COUNTY)
    for status in ("filing", "notified", "closed"):
        with pytest.raises(ServiceInvalid, match="不能移送"):
            send(people["head"], make_case(enterprise, status=status, served_on=None, fine=None))
    archived = make_case(enterprise, status="archived")
    with pytest.raises(ServiceInvalid, match="案件已归档"):
        send(people["head"], archived, kind="public_security", receiver_agency=None, receiver_name="公安局")
    case = make_case(enterprise, status="investigating", served_on=None, fine=None)
    with pytest.raises(ServiceInvalid) as refused:
        send(people["head"], case, materials=[], sent_on=date(2025, 4, 2), reason="")
    assert refused.value.errors == ["请填写移送理由", "请列明移送的材料（至少一项）", "移送日期不能晚于今天"]
    with pytest.raises(ServiceInvalid, match="不能移送本机关"):
        send(people["head"], case, receiver_agency=case.agency)
    assert CaseTransfer.objects.count() == 0
