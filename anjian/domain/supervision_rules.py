"""Rules of cross-region inspection (异地检查、属地办案) and listed supervision (挂牌督办). Pure: `today` is passed in.

- who may issue a cross-region assignment and when it is active;
- the handover form (问题移交表): its status table, the home agency's acknowledgement (at least two home
  officers with valid certificates), the action taken on each problem, and when the form may close;
- listed supervision: only major hazards, only by a superior agency, a deadline not in the past, and
  delisting only with evidence (a file, or the hazard rectified) and an opinion.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from anjian.domain.identifiers import region_prefix
from anjian.domain.inspection_rules import TEAM_TOO_SMALL, team_problems

# ---------------------------------------------------------------- assignments

ASSIGNMENT_MODES: dict[str, str] = {
    "ring": "局域式",
    "mutual": "互查式",
    "in_city": "单元式",
    "demonstration": "示范式",
}


def is_superior(upper_code: str, lower_code: str) -> bool:
    """True when region `upper_code` lies strictly above `lower_code` (province over city/county, city over county)."""
    return upper_code != lower_code and lower_code.startswith(region_prefix(upper_code))


def covers(scope_code: str, code: str) -> bool:
    return code.startswith(region_prefix(scope_code))


def assignment_problems(*, issuer_code: str, visiting_code: str, home_code: str, mode: str, round_label: str,
                        period_from: date | None, period_to: date | None, enterprise_codes: Sequence[str],
                        enterprises_later: bool = False) -> list[str]:
    """Why a cross-region assignment may not be issued ([] = it may).

    `enterprises_later`: a campaign issues its pairings first and the enterprises are attached afterwards.
    """
    problems: list[str] = []
    if mode not in ASSIGNMENT_MODES:
        problems.append("请选择执法模式：局域式、互查式、单元式或示范式")
    if not round_label.strip():
        problems.append("请填写轮次")
    if visiting_code == home_code:
        problems.append("检查机关与属地机关不能相同")
    if not (covers(issuer_code, visiting_code) and covers(issuer_code, home_code)):
        problems.append("下达机关须同时管辖检查机关和属地机关")
    if mode != "demonstration" and covers(visiting_code, home_code):
        problems.append("检查机关不能是属地机关的上级（异地检查须由外地执法人员进行）")
    if mode == "in_city" and (len(region_prefix(visiting_code)) < 6 or visiting_code[:4] != home_code[:4]):
        problems.append("单元式异地执法由同一市所辖县区之间进行")
    if period_from is None or period_to is None:
        problems.append("请填写检查期间")
    elif period_to < period_from:
        problems.append("检查期间的结束日期不能早于开始日期")
    if not enterprise_codes and not enterprises_later:
        problems.append("请至少选择一家被检查单位")
    elif any(not covers(home_code, c) for c in enterprise_codes):
        problems.append("被检查单位须在属地机关辖区内")
    return problems


def assignment_active(period_from: date, period_to: date, today: date) -> bool:
    return period_from <= today <= period_to


def plan_problems(*, period_from: date, period_to: date, today: date, planned_date: date | None,
                  enterprise_assigned: bool) -> list[str]:
    """Why a visiting team may not plan this inspection under the assignment."""
    problems: list[str] = []
    if not assignment_active(period_from, period_to, today):
        problems.append("该异地执法任务不在检查期间内")
    if not enterprise_assigned:
        problems.append("该单位不在本次异地执法任务的检查名单内")
    if planned_date is None:
        problems.append("请填写计划检查日期")
    elif not period_from <= planned_date <= period_to:
        problems.append(f"计划检查日期须在检查期间（{period_from.isoformat()}至{period_to.isoformat()}）内")
    return problems


# ---------------------------------------------------------------- handover forms (问题移交表)

HANDOVER_STATUSES: dict[str, str] = {
    "draft": "草稿",
    "sent": "已移交",
    "acknowledged": "属地已签收",
    "closed": "已办结",
}
HANDOVER_MOVES: Mapping[str, frozenset[str]] = {
    "draft": frozenset({"sent"}),
    "sent": frozenset({"acknowledged"}),
    "acknowledged": frozenset({"closed"}),
    "closed": frozenset(),
}

HANDOVER_ACTIONS: dict[str, str] = {
    "penalty_case": "立案处罚",
    "rectify_order": "责令限期整改",
    "onsite_measures": "现场处理措施",
    "other": "其他",
}

ACK_TOO_FEW = "属地执法人员签名不少于2人"
CLOSE_INCOMPLETE = "每项问题都须有属地处理结果后才能办结"
NOTHING_TO_HAND_OVER = "本次检查未发现问题，无需移交"
ONLY_CROSS_REGION = "只有异地执法检查的问题可以移交"


def handover_generate_problems(*, source: str, inspection_status: str, hazard_count: int) -> list[str]:
    problems: list[str] = []
    if source != "cross_region":
        problems.append(ONLY_CROSS_REGION)
    if inspection_status not in {"recorded", "closed"}:
        problems.append("检查记录完成后才能生成问题移交表")
    if hazard_count == 0:
        problems.append(NOTHING_TO_HAND_OVER)
    return problems


def acknowledgement_problems(members: Iterable, on_date: date, foreign_names: Sequence[str] = ()) -> list[str]:
    """Why these home officers may not acknowledge a handover on `on_date` ([] = they may).

    `members` as for `inspection_rules.team_problems`; `foreign_names` are chosen officers not of the home agency.
    """
    problems = [f"执法人员{n}不是属地机关的执法人员" for n in foreign_names]
    problems += [ACK_TOO_FEW if p == TEAM_TOO_SMALL else p for p in team_problems(members, on_date)]
    return problems


def item_action_problems(*, action: str, deadline: date | None, note: str, today: date) -> list[str]:
    """Why the home agency's action on one handed-over problem is not acceptable."""
    if action not in HANDOVER_ACTIONS:
        return ["请选择处理方式：立案处罚、责令限期整改、现场处理措施或其他"]
    problems: list[str] = []
    if action == "rectify_order":
        if deadline is None:
            problems.append("责令限期整改须填写整改期限")
        elif deadline < today:
            problems.append("整改期限不能早于今天")
    if action == "other" and not note.strip():
        problems.append("选择“其他”时须填写说明")
    return problems


def handover_close_problems(item_actions: Sequence[str]) -> list[str]:
    """`item_actions`: the action of every item ("" = none yet)."""
    if not item_actions or any(not a for a in item_actions):
        return [CLOSE_INCOMPLETE]
    return []


# ---------------------------------------------------------------- listed supervision (挂牌督办)

LISTING_STATUSES: dict[str, str] = {"listed": "督办中", "delisted": "已摘牌"}
LISTING_DISPLAY: dict[str, str] = {**LISTING_STATUSES, "overdue": "已逾期"}
LISTING_MOVES: Mapping[str, frozenset[str]] = {"listed": frozenset({"delisted"}), "delisted": frozenset()}

ONLY_MAJOR = "只有重大事故隐患可以挂牌督办"
NOT_SUPERIOR = "挂牌督办机关须为责任单位的上级机关"
DELIST_NO_EVIDENCE = "摘牌须有整改证据：至少一份证据材料，或隐患已整改"


def listing_problems(*, is_major: bool, hazard_status: str, listing_code: str, responsible_code: str,
                     enterprise_code: str, deadline: date | None, requirements: str, today: date) -> list[str]:
    """Why a hazard may not be listed for supervision ([] = it may)."""
    problems: list[str] = []
    if not is_major:
        problems.append(ONLY_MAJOR)
    if hazard_status in {"rectified", "corrected"}:
        problems.append("该隐患已整改，无需挂牌督办")
    if not is_superior(listing_code, responsible_code):
        problems.append(NOT_SUPERIOR)
    if not covers(responsible_code, enterprise_code):
        problems.append("责任单位须管辖该隐患所在单位")
    if deadline is None:
        problems.append("请填写督办期限")
    elif deadline < today:
        problems.append("督办期限不能早于今天")
    if not requirements.strip():
        problems.append("请填写督办要求")
    return problems


def listing_display_status(status: str, deadline: date, today: date) -> str:
    """listed / delisted, or overdue: still listed after its deadline."""
    if status == "listed" and deadline < today:
        return "overdue"
    return status


def progress_problems(*, status: str, report_date: date | None, text: str, today: date) -> list[str]:
    problems: list[str] = []
    if status != "listed":
        problems.append("已摘牌的督办事项不能再报送进展")
    if report_date is None:
        problems.append("请填写进展日期")
    elif report_date > today:
        problems.append("进展日期不能晚于今天")
    if not text.strip():
        problems.append("请填写整改进展")
    return problems


def delisting_problems(*, status: str, evidence_count: int, hazard_rectified: bool, opinion: str) -> list[str]:
    problems: list[str] = []
    if status != "listed":
        problems.append("该督办事项已摘牌")
    if evidence_count <= 0 and not hazard_rectified:
        problems.append(DELIST_NO_EVIDENCE)
    if not opinion.strip():
        problems.append("请填写摘牌意见")
    return problems
