"""Enforcement guidance (执法指导, seed 001): the review checklist, the yearly schedule and the verdicts. Pure Python.

A superior agency reviews each subordinate once a year: "原则上每月指导1个县区…11月底前完成", sampling 1–2
enterprises from the subordinate's plan, then sends an 执法指导意见书 with a deadline for the rectification report.
Items are computed from the records where the records exist and assessed by hand where they do not.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

ASSESSMENTS: dict[str, str] = {"good": "符合要求", "partly": "基本符合", "poor": "不符合要求", "na": "不适用"}


@dataclass(frozen=True)
class Item:
    code: str
    section: str
    title: str
    requirement: str
    computed: bool  # True: a proposal is computed from the records; the reviewer confirms or overrides


CHECKLIST: tuple[Item, ...] = (
    Item("plan_coverage", "执法计划编制与执行", "年度监督检查计划编制",
         "列入执法计划的企业达到“重点生产经营单位全覆盖、一般生产经营单位不少于三分之一”", True),
    Item("plan_approval", "执法计划编制与执行", "计划审批报备",
         "计划经本级政府批复或政府领导批示同意，并向上级应急管理部门报备", True),
    Item("plan_publication", "执法计划编制与执行", "计划公示和执行、数据录入",
         "监督检查计划和双随机检查计划在网站公示；检查、处罚情况及时录入系统，执法档案健全", True),
    Item("onsite_sampling", "执法计划编制与执行", "现场监管执法检查（抽查企业）",
         "随机抽查列入计划的企业1–2家，查看执法程序、文书填写、执法闭合", False),
    Item("organization", "执法队伍建设", "执法机构设置与人员在编在岗",
         "机构设置符合“三定”方案，执法人员配备、在编在岗，执法证有效", True),
    Item("team_composition", "执法队伍建设", "执法队伍结构",
         "执法人员知识层次、所学专业、年龄结构、男女比例", True),
    Item("training", "执法队伍建设", "执法人员培训", "落实执法业务培训计划，开展能力提升培训", False),
    Item("system_use", "执法规范化建设", "业务系统使用",
         "企业名录、执法人员名录、执法事项及时维护；双随机结果、行政处罚及时录入和公示", True),
    Item("document_use", "执法规范化建设", "执法文书使用", "规范使用行政执法文书，填写规范，案卷闭合", True),
    Item("procedure", "执法规范化建设", "执法程序",
         "检查前出示执法证件、召开启动会，采集证据，结束后召开反馈会、下达执法文书", True),
    Item("case_files", "执法规范化建设", "行政处罚案卷归档",
         "文书使用规范，程序、依据、裁量符合规定，案卷顺序和页码正确，及时归档", True),
    Item("typical_cases", "典型案例报送", "执法典型案例报送",
         "及时报送典型案例，程序规范、内容精准、证据确凿、法律适用准确、卷宗完整", True),
)
ITEMS = {i.code: i for i in CHECKLIST}

REVIEW_STATUSES: dict[str, str] = {
    "scheduled": "已排期",
    "in_progress": "指导中",
    "letter_issued": "已下达意见书",
    "responded": "已报告整改",
    "closed": "已办结",
}
REVIEW_FLOW: dict[str, frozenset[str]] = {
    "scheduled": frozenset({"in_progress"}),
    "in_progress": frozenset({"letter_issued"}),
    "letter_issued": frozenset({"responded"}),
    "responded": frozenset({"closed", "letter_issued"}),
    "closed": frozenset(),
}

LAST_MONTH = 11  # "11月底前完成"


def schedule(subordinates: Sequence[str], *, first_month: int = 1, last_month: int = LAST_MONTH) -> list[tuple[int, str]]:
    """One subordinate a month from ``first_month``; with more subordinates than months, the months fill evenly
    (earlier months take the extra ones). Returns ``[(month, subordinate), ...]`` in the given order."""
    if not 1 <= first_month <= last_month <= 12:
        raise ValueError("月份范围无效")
    months = last_month - first_month + 1
    n = len(subordinates)
    out = []
    for i, s in enumerate(subordinates):
        out.append((first_month + (i * months // n if n > months else i), s))
    return out


def schedule_problems(plan: Sequence[tuple[int, str]], *, last_month: int = LAST_MONTH) -> list[str]:
    out = [f"{s}安排在{m}月，晚于{last_month}月底的完成期限" for m, s in plan if m > last_month]
    seen: set[str] = set()
    for _, s in plan:
        if s in seen:
            out.append(f"{s}重复安排")
        seen.add(s)
    return out


def overdue(month: int, year: int, done: bool, today: date) -> bool:
    """A review scheduled for ``month`` is overdue once that month has ended without it being done."""
    if done:
        return False
    end = date(year + (month == 12), month % 12 + 1, 1)
    return today >= end


# --- proposals computed from the records -------------------------------------------------------------------------

def ratio(part: int, whole: int) -> str:
    return "—" if whole == 0 else f"{part * 100 / whole:.1f}%"


def assess_coverage(*, key_total: int, key_planned: int, general_total: int, general_planned: int,
                    plan_exists: bool) -> tuple[str, str]:
    if not plan_exists:
        return "poor", "未编制本年度监督检查计划"
    need = -(-general_total // 3)
    text = (f"重点检查单位{key_total}家，列入计划{key_planned}家；一般检查单位{general_total}家，列入计划"
            f"{general_planned}家（不少于三分之一即{need}家）")
    if key_planned >= key_total and general_planned >= need:
        return "good", text
    if key_planned >= key_total:
        return "partly", text + "；一般检查单位未达三分之一"
    return "poor", text + f"；重点检查单位缺{key_total - key_planned}家"


def assess_approval(*, plan_exists: bool, approval_reference: str, filed: bool) -> tuple[str, str]:
    if not plan_exists:
        return "poor", "未编制本年度监督检查计划"
    parts = [f"批复文号：{approval_reference}" if approval_reference else "未登记政府批复",
             "已向上级报备" if filed else "未向上级报备"]
    verdict = "good" if approval_reference and filed else ("partly" if approval_reference or filed else "poor")
    return verdict, "；".join(parts)


def assess_publication(*, plan_published: bool, draws_published: int, draws_total: int, late_entries: int,
                       inspections: int) -> tuple[str, str]:
    text = (("计划已公示" if plan_published else "计划未公示")
            + f"；双随机抽取结果公开{draws_published}/{draws_total}；检查{inspections}家次，其中录入超期{late_entries}家次")
    problems = (not plan_published) + (draws_published < draws_total) + (late_entries > 0)
    return ("good" if problems == 0 else "partly" if problems == 1 else "poor"), text


def assess_organization(*, officers: int, in_post: int, valid: int) -> tuple[str, str]:
    text = f"执法人员{officers}人，在岗{in_post}人，执法证有效{valid}人"
    if officers == 0:
        return "poor", "未登记执法人员"
    if valid < 2:
        return "poor", text + "；持有效执法证人员不足两人，无法组成执法组"
    return ("good" if valid == officers and in_post == officers else "partly"), text


def composition_text(*, education: dict[str, int], majors: dict[str, int], ages: dict[str, int],
                     genders: dict[str, int]) -> str:
    def fmt(d: dict[str, int]) -> str:
        return "、".join(f"{k}{v}人" for k, v in d.items() if v) or "未登记"

    return f"学历：{fmt(education)}；专业：{fmt(majors)}；年龄：{fmt(ages)}；性别：{fmt(genders)}"


def age_band(birth_year: int | None, year: int) -> str:
    if birth_year is None:
        return "未登记"
    age = year - birth_year
    return "35岁以下" if age < 35 else "35–50岁" if age <= 50 else "50岁以上"


def assess_documents(*, issued: int, voided: int, drafts_old: int) -> tuple[str, str]:
    text = f"签发文书{issued}份，作废{voided}份，超过30日未签发的草稿{drafts_old}份"
    if issued == 0:
        return "poor", text + "；本年度未使用执法文书"
    bad = voided * 10 > issued or drafts_old > 0
    return ("partly" if bad else "good"), text


def assess_procedure(*, recorded: int, two_officers: int, credentials: int, kickoff: int, feedback: int,
                     with_record: int) -> tuple[str, str]:
    text = (f"完成检查{recorded}家次：两名以上执法人员{two_officers}，出示证件记录{credentials}，启动会记录{kickoff}，"
            f"反馈会记录{feedback}，现场检查记录{with_record}")
    if recorded == 0:
        return "na", "本年度无已完成的检查"
    worst = min(two_officers, credentials, kickoff, feedback, with_record)
    return ("good" if worst == recorded else "partly" if worst * 10 >= recorded * 8 else "poor"), text


def assess_case_files(*, closed: int, archived: int, checks_failed: int, undecided_late: int) -> tuple[str, str]:
    text = f"已结案{closed}起，已归档{archived}起，案卷评查未通过{checks_failed}起，超期未决定{undecided_late}起"
    if closed + archived == 0 and undecided_late == 0:
        return "na", "本年度无结案案件"
    problems = (checks_failed > 0) + (undecided_late > 0) + (closed > 0)
    return ("good" if problems == 0 else "partly" if problems == 1 else "poor"), text


def assess_typical(*, reported: int, cases: int) -> tuple[str, str]:
    text = f"本年度立案{cases}起，报送典型案例{reported}起"
    if cases == 0:
        return "na", text
    return ("good" if reported > 0 else "poor"), text


def letter_body(*, superior: str, review_date: date, findings: Sequence[tuple[str, str, str, str]],
                deadline: date) -> str:
    """The body of the 执法指导意见书: ``findings`` = [(title, assessment code, evidence, opinion)] for problems."""
    lines = [f"{superior}于{review_date.year}年{review_date.month}月{review_date.day}日对你局执法工作情况进行了检查指导，"
             f"现将主要问题及意见告知如下："]
    problems = [f for f in findings if f[1] in ("partly", "poor")]
    if not problems:
        lines.append("未发现明显问题。")
    for i, (title, code, evidence, opinion) in enumerate(problems, 1):
        lines.append(f"{i}. {title}（{ASSESSMENTS[code]}）：{evidence}。" + (f"意见：{opinion}" if opinion else ""))
    lines.append(f"请你局认真研究，落实处理意见，并将整改结果于{deadline.year}年{deadline.month}月{deadline.day}日前报告我局。")
    return "\n".join(lines)
