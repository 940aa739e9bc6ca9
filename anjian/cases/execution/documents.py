"""Documents of execution and closing (催, 执行催告, 加罚, 缴审, 缴批, 强执, 结); the transfer documents
(移审, 移, 涉移) are in anjian.cases.transfers.documents.

The catalog gives them the "generic" layout (addressee, body, legal_basis); the body carries the fields the
2016 edition lists for each (docs/enforcement-documents.md). The services issue them with
`core.documents.case_document_issue` in their transaction; an actor without Capability.DOCUMENT_ISSUE over the
agency (an agency leader approving) gets none and the step still succeeds, as for inspections — the officer makes
it on the documents page.
"""

from datetime import date, timedelta

from anjian.domain.amount_words import rmb_text
from anjian.domain.case_execution import Execution, Owed
from anjian.domain.case_process import CASE_RESULTS

PENALTY_LAW = "《中华人民共和国行政处罚法》"
COERCION_LAW = "《中华人民共和国行政强制法》"


def day_text(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "____年__月__日"


def person_name(user) -> str:
    return (getattr(user, "full_name", "") or str(user)).strip()


def _yuan(amount) -> str:
    """人民币壹万伍仟元整（¥15,000.00）: the capital numerals computed from the figure."""
    return rmb_text(amount or 0)


def _signed(content: dict, approver) -> dict:
    """The approver is the document's 签发人 (recorded and printed when issued)."""
    if approver is not None:
        content.update(signer_id=approver.pk, signer=person_name(approver))
    return content


def _decision(case) -> str:
    return f"本机关于{day_text(case.decided_on)}对你（单位）作出行政处罚决定（罚款{_yuan(case.fine_amount)}），" \
           f"处罚决定书已于{day_text(case.served_on)}送达"


def installment_request(case, x: Execution, *, until: date, reason: str, on: date, approver) -> dict:
    """缴审 延期（分期）缴纳罚款审批表."""
    body = (f"案件名称：{case.name}\n当事人：{case.party_name}\n"
            f"处罚决定：{day_text(case.decided_on)}作出，罚款{_yuan(x.fine)}；已缴{_yuan(x.paid)}，尚欠{_yuan(x.fine_left)}；"
            f"原缴款期限{day_text(x.due)}。\n申请理由：{reason.strip()}\n"
            f"拟批准延期（分期）缴纳至{day_text(until)}。\n审批意见：同意。\n审批人：{person_name(approver)}　{day_text(on)}")
    return _signed({"addressee": case.party_name, "body": body, "legal_basis": f"{PENALTY_LAW}第六十六条第二款"},
                   approver)


def installment_approval(case, x: Execution, *, until: date) -> dict:
    """缴批 延期（分期）缴纳罚款批准书."""
    body = (f"{_decision(case)}。你（单位）申请延期（分期）缴纳罚款，经审查，本机关同意你（单位）"
            f"将尚欠的罚款{_yuan(x.fine_left)}于{day_text(until)}前缴清。"
            f"逾期未缴清的，每日按罚款数额的百分之三加处罚款，并依法申请人民法院强制执行。")
    return {"addressee": case.party_name, "body": body, "legal_basis": f"{PENALTY_LAW}第六十六条第二款"}


def reminder(case, x: Execution, money: Owed, *, on: date) -> dict:
    """催 缴纳罚款催告书."""
    body = (f"{_decision(case)}，缴款期限至{day_text(x.due)}届满。截至{day_text(on)}，你（单位）尚欠罚款{_yuan(money.fine_left)}，"
            f"已逾期{money.days_late}日，依法加处罚款{_yuan(money.surcharge_total)}（每日按罚款数额的百分之三计算，"
            f"不超过罚款数额）。请自收到本催告书之日起十日内缴纳。逾期仍不缴纳的，本机关将依法申请人民法院强制执行。")
    return {"addressee": case.party_name, "body": body,
            "legal_basis": f"{PENALTY_LAW}第七十二条；{COERCION_LAW}第三十五条、第四十五条"}


def enforcement_notice(case, x: Execution, money: Owed, *, on: date) -> dict:
    """执行催告 行政强制执行事先催告书."""
    body = (f"{_decision(case)}。你（单位）在法定期限内未申请行政复议或者提起行政诉讼，又不履行缴纳罚款的义务。"
            f"现催告你（单位）自收到本催告书之日起十日内履行：缴纳罚款{_yuan(money.fine_left)}及加处罚款"
            f"（截至{day_text(on)}为{_yuan(money.surcharge_total)}）。你（单位）有权自收到本催告书之日起三日内进行陈述和申辩。"
            f"逾期仍不履行的，本机关将依法申请人民法院强制执行。")
    return {"addressee": case.party_name, "body": body,
            "legal_basis": f"{COERCION_LAW}第三十五条、第三十六条、第五十三条、第五十四条"}


def surcharge_decision(case, x: Execution, money: Owed, *, on: date) -> dict:
    """加罚 加处罚款决定书."""
    start = (x.due + timedelta(days=1)) if x.due else None
    body = (f"{_decision(case)}，你（单位）未在规定期限（{day_text(x.due)}前）缴纳罚款。本机关决定自{day_text(start)}起"
            f"每日按罚款数额的百分之三加处罚款，加处罚款的数额不超过罚款数额{_yuan(x.fine)}。"
            f"截至{day_text(on)}已逾期{money.days_late}日，加处罚款{_yuan(money.surcharge_total)}。")
    return {"addressee": case.party_name, "body": body,
            "legal_basis": f"{PENALTY_LAW}第七十二条第一款第（一）项；{COERCION_LAW}第四十五条"}


def enforcement_application(case, x: Execution, money: Owed, *, court: str, approver) -> dict:
    """强执 强制执行申请书 (签发人: the approver)."""
    body = (f"申请人：{case.agency.name}\n被申请人：{case.party_name}"
            f"{('，' + case.party_address) if case.party_address else ''}\n"
            f"申请事项：请求人民法院强制执行申请人于{day_text(case.decided_on)}作出的行政处罚决定，"
            f"执行罚款{_yuan(money.fine_left)}、加处罚款{_yuan(money.surcharge_left)}。\n"
            f"事实和理由：处罚决定书于{day_text(case.served_on)}送达被申请人，被申请人在法定期限内未申请行政复议或者"
            f"提起行政诉讼，又不履行；申请人于{day_text(x.reminder_served_on)}送达催告书，催告期限至{day_text(x.reminder_until)}"
            f"届满，被申请人仍未履行。\n此致\n{court.strip()}")
    return _signed({"addressee": court.strip(), "body": body,
                    "legal_basis": f"{COERCION_LAW}第五十三条、第五十四条、第五十五条；{PENALTY_LAW}第七十二条"}, approver)


def closing(case, x: Execution, *, on: date, note: str, approver, team: list[str]) -> dict:
    """结 结案审批表: party, result, execution, case officers and approver."""
    result = CASE_RESULTS.get(case.result, "") or ("给予行政处罚" if case.status == "executing" else "")
    lines = [f"案件名称：{case.name}", f"案由：{case.cause}", f"当事人：{case.party_name}",
             f"处理结果：{result}{('：' + case.decision_summary) if case.decision_summary else ''}"]
    if x.has_fine:
        paid = f"罚款{_yuan(x.fine)}，已缴{_yuan(x.paid)}" + (f"（{day_text(x.fine_paid_on)}缴清）" if x.fine_paid_on else "")
        if x.surcharge_paid > 0:
            paid += f"，加处罚款已缴{_yuan(x.surcharge_paid)}"
        if x.enforcement_applied_on:
            paid += f"；{day_text(x.enforcement_applied_on)}申请{case.court}强制执行"
        lines.append(f"执行情况：{paid}。{note.strip()}")
    else:
        lines.append(f"执行情况：{note.strip()}")
    lines += [f"立案日期：{day_text(case.filed_on)}　结案日期：{day_text(on)}", f"承办人：{'、'.join(team) or '—'}",
              f"审批意见：同意结案。审批人：{person_name(approver)}"]
    return _signed({"addressee": case.party_name, "body": "\n".join(lines)}, approver)
