"""Pure rules of 异地检查、属地办案 and 挂牌督办."""

from datetime import date

from anjian.domain.inspection_rules import TeamMember
from anjian.domain.lifecycle import can_move
from anjian.domain.supervision_rules import (
    ACK_TOO_FEW,
    CLOSE_INCOMPLETE,
    DELIST_NO_EVIDENCE,
    HANDOVER_MOVES,
    NOT_SUPERIOR,
    ONLY_MAJOR,
    acknowledgement_problems,
    assignment_problems,
    delisting_problems,
    handover_close_problems,
    handover_generate_problems,
    is_superior,
    item_action_problems,
    listing_display_status,
    listing_problems,
    plan_problems,
)

D = date(2024, 5, 10)
FAR = date(2030, 1, 1)


def test_superior_is_strictly_above_by_region_code():
    assert is_superior("410000", "411700") and is_superior("410000", "411726") and is_superior("411700", "411726")
    assert not is_superior("411700", "411700")
    assert not is_superior("411600", "411726")  # another city
    assert not is_superior("411726", "411700")  # below, not above


def _assignment(**kw):
    values = {"issuer_code": "410000", "visiting_code": "411621", "home_code": "411726", "mode": "mutual",
              "round_label": "第一轮次", "period_from": D, "period_to": date(2024, 6, 30), "enterprise_codes": ["411726"]}
    return assignment_problems(**{**values, **kw})


def test_assignment_rules():
    assert _assignment() == []
    assert "下达机关须同时管辖检查机关和属地机关" in _assignment(issuer_code="411700")
    assert "检查机关与属地机关不能相同" in _assignment(visiting_code="411726")
    assert "被检查单位须在属地机关辖区内" in _assignment(enterprise_codes=["411721"])
    assert "检查期间的结束日期不能早于开始日期" in _assignment(period_to=date(2024, 5, 1))
    assert "单元式异地执法由同一市所辖县区之间进行" in _assignment(mode="in_city")
    assert _assignment(mode="in_city", issuer_code="411700", visiting_code="411721") == []
    assert _assignment(mode="demonstration", visiting_code="410000") == []


def test_plan_only_inside_the_period_and_for_assigned_enterprises():
    ok = {"period_from": D, "period_to": date(2024, 6, 30), "today": D, "planned_date": D, "enterprise_assigned": True}
    assert plan_problems(**ok) == []
    assert "该异地执法任务不在检查期间内" in plan_problems(**{**ok, "today": date(2024, 7, 1)})
    assert "该单位不在本次异地执法任务的检查名单内" in plan_problems(**{**ok, "enterprise_assigned": False})


def test_handover_table_and_generation():
    assert can_move(HANDOVER_MOVES, "draft", "sent") and can_move(HANDOVER_MOVES, "sent", "acknowledged")
    assert not can_move(HANDOVER_MOVES, "draft", "closed") and not can_move(HANDOVER_MOVES, "closed", "sent")
    assert handover_generate_problems(source="annual_plan", inspection_status="recorded", hazard_count=1) == [
        "只有异地执法检查的问题可以移交"]
    assert handover_generate_problems(source="cross_region", inspection_status="recorded", hazard_count=0) == [
        "本次检查未发现问题，无需移交"]


def test_acknowledgement_needs_two_valid_home_officers():
    one = [TeamMember(1, "active", FAR, True, "甲")]
    assert acknowledgement_problems(one, D) == [ACK_TOO_FEW]
    expired = one + [TeamMember(2, "active", date(2024, 1, 1), True, "乙")]
    assert "执法人员乙的执法证已于2024-01-01过期" in acknowledgement_problems(expired, D)
    two = one + [TeamMember(2, "active", FAR, True, "乙")]
    assert acknowledgement_problems(two, D) == []
    assert "执法人员丙不是属地机关的执法人员" in acknowledgement_problems(two, D, ["丙"])


def test_item_actions_and_closing():
    assert item_action_problems(action="penalty_case", deadline=None, note="", today=D) == []
    assert item_action_problems(action="rectify_order", deadline=None, note="", today=D) == ["责令限期整改须填写整改期限"]
    assert item_action_problems(action="rectify_order", deadline=date(2024, 5, 1), note="", today=D) == [
        "整改期限不能早于今天"]
    assert item_action_problems(action="other", deadline=None, note=" ", today=D) == ["选择“其他”时须填写说明"]
    assert handover_close_problems(["penalty_case", ""]) == [CLOSE_INCOMPLETE]
    assert handover_close_problems([]) == [CLOSE_INCOMPLETE]
    assert handover_close_problems(["penalty_case", "other"]) == []


def _listing(**kw):
    values = {"is_major": True, "hazard_status": "rectifying", "listing_code": "411700", "responsible_code": "411726",
              "enterprise_code": "411726", "deadline": D, "requirements": "限期消除", "today": D}
    return listing_problems(**{**values, **kw})


def test_listing_rules():
    assert _listing() == []
    assert _listing(is_major=False) == [ONLY_MAJOR]
    assert _listing(listing_code="411721") == [NOT_SUPERIOR]
    assert _listing(listing_code="411726") == [NOT_SUPERIOR]
    assert _listing(deadline=date(2024, 5, 9)) == ["督办期限不能早于今天"]
    assert "责任单位须管辖该隐患所在单位" in _listing(responsible_code="411721")


def test_overdue_is_derived_and_delisting_needs_evidence():
    assert listing_display_status("listed", date(2024, 5, 9), D) == "overdue"
    assert listing_display_status("listed", D, D) == "listed"
    assert listing_display_status("delisted", date(2024, 5, 9), D) == "delisted"
    assert delisting_problems(status="listed", evidence_count=0, hazard_rectified=False, opinion="同意") == [
        DELIST_NO_EVIDENCE]
    assert delisting_problems(status="listed", evidence_count=0, hazard_rectified=True, opinion="同意") == []
    assert delisting_problems(status="listed", evidence_count=1, hazard_rectified=False, opinion="") == ["请填写摘牌意见"]
