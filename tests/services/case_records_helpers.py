"""Builders for the records tests (disclosure, file check, archive): cases created directly in the state needed,
their documents drafted and issued through the documents services."""

from datetime import date
from decimal import Decimal

from anjian.cases.models import CaseOfficer, CasePayment, PenaltyCase
from anjian.documents.services import document_draft, document_issue
from anjian.regions.models import Agency
from tests.services.inspection_helpers import officer

HOME = "411726"  # 泌阳县
CAUSE = "未按规定对从业人员进行安全生产教育和培训"
FINE = Decimal("20000")

# A general-procedure case decided and closed in 2026, every limit met.
CLOSED_DATES = {
    "filed_on": date(2026, 3, 2), "investigated_on": date(2026, 3, 20), "notice_served_on": date(2026, 3, 23),
    "decided_on": date(2026, 4, 1), "served_on": date(2026, 4, 2), "paid_on": date(2026, 4, 10),
    "disclosed_on": date(2026, 4, 10), "closed_on": date(2026, 4, 20),
}


def make_case(enterprise, actor, *, status: str = "closed", region: str = HOME, **fields) -> PenaltyCase:
    values = {
        "agency": Agency.objects.get(region_id=region), "enterprise": enterprise, "name": f"{enterprise.name}{CAUSE}案",
        "cause": CAUSE, "source": "inspection", "status": status, "party_name": enterprise.name,
        "party_id_number": enterprise.uscc, "party_representative": "张三", "party_address": "河南省泌阳县工业园区8号",
        "facts": "经查，该单位2026年2月新招录的12名从业人员未经安全生产教育和培训即上岗作业。",
        "violated_provision": "《中华人民共和国安全生产法》第二十八条第一款",
        "penalty_provision": "《中华人民共和国安全生产法》第九十七条第三项", "fine_amount": FINE,
        "decision_summary": f"罚款人民币{FINE}元", "created_by": actor,
    }
    if status in ("decided", "executing", "closed", "archived"):
        values.update(result="penalized", **CLOSED_DATES)
        if status != "closed":
            values.update(closed_on=None, paid_on=None, disclosed_on=None)
    values.update(fields)
    return PenaltyCase.objects.create(**values)


def issue(actor, case: PenaltyCase, kind: str, body: str = "", **content):
    draft = document_draft(actor=actor, agency=case.agency, kind_code=kind, enterprise=case.enterprise, subject=case,
                           content={"body": body or f"{case.name}：{kind}", **content})
    return document_issue(actor=actor, document=draft)


def receipt(actor, case: PenaltyCase, served, recipient: str = "李四"):
    return issue(actor, case, "回", served_document=f"{served.title} {served.number}", place="该单位办公室",
                 method="直接送达", served_at="2026年4月2日10时", recipient=recipient)


def complete_penalty_file(actor, case: PenaltyCase, *, skip: tuple[str, ...] = ()) -> dict:
    """Issue every document a plain penalty case needs (except the kinds in ``skip``); record the payment."""
    team = [officer(HOME, name="王五"), officer(HOME, name="赵六")]
    for i, o in enumerate(team):
        CaseOfficer.objects.get_or_create(case=case, officer=o, defaults={
            "is_lead": i == 0, "certificate_number": o.certificate_number})
    bodies = {
        "立": f"案由：{case.cause}\n案件来源：执法检查发现\n当事人：{case.party_name}",
        "询笔": "被询问人：李四（该单位安全员）……", "终报": "调查终结，建议给予罚款。", "处呈": "拟罚款人民币20000元。",
        "法审": "经审核，事实清楚，证据确凿，同意。", "罚告": "拟作出罚款人民币20000元的行政处罚。",
        "罚": f"违法事实：……\n处罚决定：罚款人民币{FINE}元。", "结": "罚款已缴清，同意结案。",
    }
    docs = {}
    for kind in ("立", "询笔", "终报", "处呈", "法审", "罚告", "罚"):
        if kind not in skip:
            docs[kind] = issue(actor, case, kind, bodies[kind])
    if "回" not in skip and "罚" in docs:
        docs["回"] = receipt(actor, case, docs["罚"])
    if "结" not in skip:
        docs["结"] = issue(actor, case, "结", bodies["结"])
    if case.paid_on and not case.payments.exists():
        CasePayment.objects.create(case=case, amount=case.fine_amount, paid_on=case.paid_on, receipt_number="豫非税0001",
                                   recorded_by=actor)
    return docs
