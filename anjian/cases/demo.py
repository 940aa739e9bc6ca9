"""Demo penalty cases made through the real services (documents numbered from the counters), in two counties of
驻马店, in every core state: awaiting filing, refused, under investigation (with preservation and extension),
undecided past the 90-day limit, concluded, in legal review, in collective discussion, notified, in hearing,
decided (decision waiting for an officer to issue it), executing, and closed without a penalty.

Call `demo_cases_create(seed, today)` after the demo users, officers and inspections exist (anjian.home.demo).
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from anjian.accounts.models import User
from anjian.calendars.selectors import work_calendar
from anjian.cases.core.services_decision import case_decide, case_serve
from anjian.cases.core.services_filing import case_file_approve, case_file_refuse, case_propose
from anjian.cases.core.services_investigation import (
    case_extension_approve,
    case_investigation_add,
    case_investigation_conclude,
    case_preservation_decide,
)
from anjian.cases.core.services_notice import case_hearing_request, case_notify, case_statement_record
from anjian.cases.core.services_review import (
    case_discussion_record,
    case_legal_review,
    case_submit_for_review,
)
from anjian.cases.models import PenaltyCase
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import Inspection
from anjian.officers.models import Officer

# (county, proposing officer, approver with DOCUMENT_ISSUE, legal reviewer, agency leader or None, stage offset)
COUNTIES = (("411726", "county-officer", "county-department-head", "county-legal-reviewer", "county-agency-leader", 0),
            ("411721", "county2-officer", "county2-department-head", "county2-legal-reviewer", "county2-agency-leader",
             6))
STAGES = ("filing", "not_filed", "investigating", "overdue", "investigated", "legal_review", "discussion", "notified",
          "hearing", "decided", "executing", "no_penalty")
VIOLATIONS = (
    ("未按规定对从业人员进行安全生产教育和培训", "《中华人民共和国安全生产法》第二十八条第一款",
     "《中华人民共和国安全生产法》第九十七条第（三）项", Decimal("30000")),
    ("未在有较大危险因素的设施设备上设置明显的安全警示标志", "《中华人民共和国安全生产法》第三十五条",
     "《中华人民共和国安全生产法》第九十九条第（一）项", Decimal("20000")),
    ("未按规定对重大危险源进行监测监控", "《中华人民共和国安全生产法》第四十条第一款",
     "《中华人民共和国安全生产法》第一百零一条第（二）项", Decimal("60000")),
    ("未建立事故隐患排查治理制度", "《中华人民共和国安全生产法》第四十一条第二款",
     "《中华人民共和国安全生产法》第一百零一条第（五）项", Decimal("80000")),
)


def _team(region: str, rng: random.Random, today: date) -> list[Officer]:
    pool = list(Officer.objects.filter(region_id=region, status="active", in_post=True,
                                       certificate_expires__gt=today + timedelta(days=30)).order_by("pk"))
    return rng.sample(pool, 2)


def _source(enterprise: Enterprise) -> tuple[str, Inspection | None, list]:
    inspection = Inspection.objects.filter(enterprise=enterprise, status__in=("recorded", "closed")).first()
    if inspection is None:
        return "complaint", None, []
    hazards = [h for h in inspection.hazards.all() if h.status not in ("rectified", "corrected")]
    return ("hazard_unrectified" if hazards else "inspection"), inspection, hazards


def backdate_proposal(case, start: date) -> None:
    """The demo proposes today a case it then files on ``start``: its 立案申请 is dated the working day before, so
    the case's 办理过程 reads in order (the audit log keeps the real time)."""
    proposed = timezone.make_aware(datetime.combine(start - timedelta(days=1), time(9)))
    PenaltyCase.objects.filter(pk=case.pk).update(created_at=proposed)


def _drive(case, stage: str, people: dict, start: date, violation, rng: random.Random, today: date):
    """Take a proposed case through the services to ``stage`` with dates from ``start``."""
    cause, violated, basis, fine = violation
    cal = work_calendar()
    officer, head, reviewer = people["officer"], people["head"], people["reviewer"]
    if stage == "not_filed":
        return case_file_refuse(actor=head, case=case, reason="经核查，违法事实不成立，不予立案")
    backdate_proposal(case, start)
    approver = people["leader"] if people["leader"] is not None and stage in ("investigated", "notified") else head
    case = case_file_approve(actor=approver, case=case, opinion="同意立案调查", on=start)
    case_investigation_add(actor=officer, case=case, kind="inquiry", occurred_on=start + timedelta(days=2),
                           summary="询问单位安全管理负责人，制作询问笔录")
    case_investigation_add(actor=officer, case=case, kind="site_record", occurred_on=start + timedelta(days=3),
                           summary="对现场进行勘验，拍摄照片12张")
    if stage in ("investigating", "overdue"):
        if stage == "investigating":
            row = case_investigation_add(actor=head, case=case, kind="preservation", occurred_on=start + timedelta(days=4),
                                         summary="未经检验的压力表6只")
            if rng.random() < 0.5:
                case_preservation_decide(actor=head, investigation=row, on=start + timedelta(days=8),
                                         decision="解除先行登记保存，责令当事人送检")
            case_extension_approve(actor=head, case=case, days=30, reason="需委托鉴定，案情复杂", on=start + timedelta(days=5))
        return PenaltyCase.objects.get(pk=case.pk)
    no_penalty = stage == "no_penalty"
    case = case_investigation_conclude(
        actor=officer, case=case, report="违法事实清楚，证据确凿。" if not no_penalty else "违法行为轻微并已及时改正，未造成危害后果。",
        violated_provision=violated, penalty_provision=basis, penalties=[] if no_penalty else ["fine"],
        proposed_fine=None if no_penalty else fine, on=start + timedelta(days=10))
    if stage == "investigated":
        return case
    case = case_submit_for_review(actor=officer, case=case)
    if stage == "legal_review":
        return case
    case = case_legal_review(actor=reviewer, case=case, result="pass", on=start + timedelta(days=12),
                             opinion="主体合法，事实清楚，证据确凿，适用依据正确，程序合法，裁量适当。")
    if stage in ("no_penalty", "discussion"):
        return case
    if case.status == "discussion":
        case = case_discussion_record(actor=head, case=case, on=start + timedelta(days=13), conclusion="penalize",
                                      record="局长、副局长、法规科负责人参加，一致同意按拟处罚意见给予行政处罚。")
    served = start + timedelta(days=15)
    case = case_notify(actor=officer, case=case, served_on=served)
    if stage == "notified":
        return case
    if stage == "hearing":
        if case.hearing_notice_served_on is None:
            return case
        on = cal.add_workdays(served, 2)
        return case_hearing_request(actor=officer, case=case, on=on, hearing_on=max(on + timedelta(days=10), today),
                                    hearing_place="本局三楼听证室", presiding="法规科科长")
    case = case_statement_record(actor=officer, case=case, on=cal.add_workdays(served, 1),
                                 statement="对违法事实无异议，已完成整改，请求从轻处罚。")
    decide_on = cal.add_workdays(served, 5) + timedelta(days=1)
    decider = people["leader"] or head
    case = case_decide(actor=decider, case=case, on=decide_on, fine=fine,
                       summary=f"罚款人民币{fine:,.0f}元")
    if stage == "decided":
        return case
    return case_serve(actor=officer, case=case, on=decide_on + timedelta(days=1), method="direct",
                      recipient="单位负责人")


def demo_cases_create(seed: int, today: date, per_county: int = 10) -> int:
    """About twenty demo cases (``per_county`` in each of two counties); nothing when cases already exist."""
    if PenaltyCase.objects.exists():
        return 0
    rng = random.Random(seed + 15)
    made = 0
    for region, officer_name, head_name, reviewer_name, leader_name, offset in COUNTIES:
        people = {"officer": User.objects.get(username=officer_name), "head": User.objects.get(username=head_name),
                  "reviewer": User.objects.get(username=reviewer_name),
                  "leader": User.objects.get(username=leader_name) if leader_name else None}
        enterprises = list(Enterprise.objects.filter(region_id=region, status="operating").order_by("id")[:per_county])
        for n, enterprise in enumerate(enterprises):
            stage = STAGES[(n + offset) % len(STAGES)]
            # discussion and hearing need a fine at the hearing threshold (60 000 / 80 000)
            violation = VIOLATIONS[2 + n % 2] if stage in ("discussion", "hearing") else VIOLATIONS[n % 2]
            source, inspection, hazards = _source(enterprise)
            case = case_propose(
                actor=people["officer"], enterprise=enterprise, source=source,
                source_note="12350安全生产举报电话" if source == "complaint" else "", inspection=inspection,
                hazards=hazards, cause=violation[0],
                facts=f"经查，{enterprise.name}{violation[0]}。", officers=_team(region, rng, today), today=today)
            if stage != "filing":
                start = today - timedelta(days=110 if stage == "overdue" else 75 - 2 * n)
                _drive(case, stage, people, start, violation, rng, today)
            made += 1
    return made


def demo_case_archive(today: date) -> int:
    """Take 泌阳's decided demo case to the end: pending documents issued, served, paid, published, closed, file
    checked and archived (so the public page, the disclosure list and an archived file have something to show)."""
    from anjian.cases.core.documents import case_documents_issue_pending
    from anjian.cases.core.services_decision import case_serve
    from anjian.cases.execution.services import case_close, case_payment_record
    from anjian.cases.records.services_archive import case_archive, case_file_check
    from anjian.cases.records.services_disclosure import case_disclose

    case = PenaltyCase.objects.filter(agency__region_id="411726", status="decided").order_by("id").first()
    if case is None or PenaltyCase.objects.filter(status="archived").exists():
        return 0
    officer = User.objects.get(username="county-officer")
    head = User.objects.get(username="county-department-head")
    case_documents_issue_pending(actor=officer, case=case)
    case = case_serve(actor=officer, case=PenaltyCase.objects.get(pk=case.pk), on=case.decided_on + timedelta(days=2),
                      method="direct", recipient=case.party_representative or "单位负责人", place=case.party_address)
    case_payment_record(actor=officer, case=case, amount=case.fine_amount, paid_on=case.served_on + timedelta(days=10),
                        receipt_number=f"豫非税{case.decided_on.year}{case.pk:06d}")
    case = PenaltyCase.objects.get(pk=case.pk)
    case = case_disclose(actor=officer, case=case, on=case.decided_on + timedelta(days=5))
    case = case_close(actor=head, case=case, on=case.paid_on + timedelta(days=1), note="罚款已缴清，执行完毕")
    if not case_file_check(actor=head, case=case).passed:
        return 0
    case_archive(actor=head, case=PenaltyCase.objects.get(pk=case.pk), retention="30")
    return 1
