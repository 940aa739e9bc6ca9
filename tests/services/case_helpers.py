"""Builders for the penalty-case tests (services and web): a county's people and a case brought to a given state
through the real services, on dates in the past that respect every time limit.

Other parts may add functions at the end of this file.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from anjian.calendars.selectors import work_calendar
from anjian.cases.core.services_decision import case_decide, case_serve
from anjian.cases.core.services_filing import case_file_approve, case_propose
from anjian.cases.core.services_investigation import case_investigation_add, case_investigation_conclude
from anjian.cases.core.services_notice import case_hearing_hold, case_hearing_request, case_notify
from anjian.cases.core.services_review import (
    case_discussion_record,
    case_legal_review,
    case_submit_for_review,
)
from anjian.domain.permissions import Role
from tests.services.inspection_helpers import officer

HOME = "411726"  # 泌阳县
CITY = "411700"  # 驻马店市
OTHER = "411721"  # 西平县
TODAY = timezone.localdate()
START = TODAY - timedelta(days=60)

# The order of the states a helper can bring a case to.
STATES = ("filing", "investigating", "investigated", "legal_review", "reviewed", "notified", "hearing", "heard",
          "decided", "executing")


ROLES = {"officer": Role.OFFICER, "head": Role.DEPARTMENT_HEAD, "leader": Role.AGENCY_LEADER,
         "reviewer": Role.LEGAL_REVIEWER, "reader": Role.READ_ONLY}


class World(dict):
    """The people of a test; each login is made on first use (hashing a password takes ~0.4 s)."""

    def __init__(self, make_user, region: str, **items):
        super().__init__(**items)
        self._make_user, self._region = make_user, region

    def __missing__(self, key):
        if key not in ROLES:
            raise KeyError(key)
        user = self[key] = self._make_user(self._region, ROLES[key])
        return user


def world(make_user, make_enterprise, region: str = HOME) -> World:
    """An officer (proposes and investigates), a department head (approves and issues), an agency leader
    (approves, cannot issue documents), a legal reviewer, a read-only user, the enterprise and a two-officer team."""
    w = World(make_user, region,
              enterprise=make_enterprise(region, name="泌阳县测试化工有限公司", legal_representative="王法人",
                                         address="泌阳县产业集聚区1号", contact_phone="0396-7000000"),
              team=[officer(region, name="张三"), officer(region, name="李四")])
    w["team"][0].phone = "13800000000"
    w["team"][0].save(update_fields=["phone"])
    return w


def propose(w, **kw):
    args = {"actor": w["officer"], "enterprise": w["enterprise"], "source": "inspection",
            "cause": "未按规定对从业人员进行安全生产教育和培训", "facts": "2026年检查发现，该单位3名从业人员未经安全生产教育和培训合格即上岗作业。",
            "officers": w["team"]}
    return case_propose(**{**args, **kw})


def workdays_after(day, n):
    return work_calendar().add_workdays(day, n)


def bring(w, state: str, *, start=START, fine=Decimal("30000"), penalties=("fine",), is_major=False, case=None,
          discussion=True):
    """A case brought to ``state`` (see STATES; "reviewed" = legal review passed and, if needed, discussed;
    "heard" = hearing held). Dates run from ``start``; each step respects the time limits."""
    assert state in STATES, state
    stop = STATES.index(state)
    case = case or propose(w)
    if stop == 0:
        return case
    case = case_file_approve(actor=w["head"], case=case, opinion="同意立案", on=start)
    case_investigation_add(actor=w["officer"], case=case, kind="inquiry", occurred_on=start + timedelta(days=2),
                           summary="询问安全管理人员，承认3名新员工未经培训上岗")
    case.refresh_from_db()
    if stop == 1:
        return case
    case = case_investigation_conclude(
        actor=w["officer"], case=case, report="违法事实清楚，证据确凿，建议给予罚款。",
        violated_provision="《中华人民共和国安全生产法》第二十八条第一款",
        penalty_provision="《中华人民共和国安全生产法》第九十七条第（三）项", penalties=list(penalties),
        proposed_fine=fine if "fine" in penalties else None, is_major=is_major, on=start + timedelta(days=10))
    if stop == 2:
        return case
    case = case_submit_for_review(actor=w["officer"], case=case)
    if stop == 3:
        return case
    case = case_legal_review(actor=w["reviewer"], case=case, result="pass", opinion="事实清楚，适用依据正确，程序合法。",
                             on=start + timedelta(days=12))
    if case.status == "discussion" and discussion:
        case = case_discussion_record(actor=w["head"], case=case, on=start + timedelta(days=13),
                                      record="参加人员：局长、副局长、法规科长。一致同意给予行政处罚。", conclusion="penalize")
    if stop == 4:
        return case
    served = start + timedelta(days=15)
    case = case_notify(actor=w["officer"], case=case, served_on=served)
    if stop == 5:
        return case
    decide_on = workdays_after(served, 5) + timedelta(days=1)
    if case.hearing_notice_served_on and stop >= 6:
        case = case_hearing_request(actor=w["officer"], case=case, on=workdays_after(served, 2),
                                    hearing_on=workdays_after(served, 2) + timedelta(days=8), hearing_place="本局听证室",
                                    presiding="赵主持")
        if stop == 6:
            return case
        held = workdays_after(served, 2) + timedelta(days=8)
        case = case_hearing_hold(actor=w["officer"], case=case, on=held, report="当事人对违法事实无异议，请求从轻处罚。")
        decide_on = held + timedelta(days=1)
        if stop == 7:
            return case
    case = case_decide(actor=w["head"], case=case, on=decide_on, fine=fine if "fine" in penalties else None,
                       summary="罚款" if "fine" in penalties else "警告")
    if stop == 8:
        return case
    return case_serve(actor=w["officer"], case=case, on=decide_on + timedelta(days=1), method="direct",
                      recipient="王法人")


def stub_pdf(monkeypatch) -> None:
    """Skip the PDF rendering (≈1 s per document) in tests that do not read the PDF; Word is still rendered."""
    monkeypatch.setattr("anjian.documents.services.render_pdf", lambda kind, context: b"%PDF-1.4 stub")


def kinds_of(case, status: str = "issued") -> list[str]:
    from anjian.documents.selectors import documents_of

    return [d.kind_id for d in documents_of(case).filter(status=status).order_by("created_at", "id")]
