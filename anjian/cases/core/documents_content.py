"""Content of the penalty-case documents, built from the case's records so that a rendered Word/PDF reads like
the standard document (2016 edition, fields in docs/enforcement-documents.md).

All kinds use the "generic" layout (addressee, body, legal_basis) except 回 (送达回执, layout "huizhi").
`content_for(kind, case, ...)` is the single entry point; the services call it when a step is done, and again
when an officer issues a document that was left pending (so it shows the case as it then stands).
"""

import re
from datetime import date
from decimal import Decimal

from django.utils import timezone

from anjian.cases.config import time_limits
from anjian.domain.amount_words import rmb_text
from anjian.domain.case_deadlines import TimeLimits
from anjian.domain.case_process import (
    CASE_SOURCES,
    INVESTIGATION_KINDS,
    LEGAL_REVIEW_RESULTS,
    PENALTY_KINDS,
)
from anjian.domain.case_steps import DISCUSSION_CONCLUSIONS, SERVICE_METHODS

LAW = "《中华人民共和国行政处罚法》"
SAFETY_LAW = "《中华人民共和国安全生产法》"
RULES = "《安全生产违法行为行政处罚办法》"


def _d(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "    年  月  日"


def _money(amount: Decimal | None) -> str:
    """人民币壹万伍仟元整（¥15,000.00）: the words computed from the figure, never typed."""
    return "" if amount is None else rmb_text(amount)


def signed_by(content: dict, user) -> dict:
    """Name the person who took the decision as the document's 签发人 (recorded and printed when issued)."""
    if user is not None:
        content.update(signer_id=user.pk, signer=str(user))
    return content


def _dated(content: dict, day: date | None) -> dict:
    """An internal form carries the date of the approval (or review) it records, not the day it is issued."""
    if day is not None:
        content["dated"] = day.isoformat()
    return content


def _facts(case) -> str:
    """The facts as a clause after 经查，… (the officer's text often starts with 经查 itself)."""
    text = case.facts.strip()
    for lead in ("经查明", "经调查", "经查"):
        if text.startswith(lead):
            return text[len(lead):].lstrip("，,：: ")
    return text


def _sentence(text: str) -> str:
    """Text ending in exactly one full stop."""
    return text.strip().rstrip("。；;，,. ") + "。" if text.strip() else ""


def _who(user) -> str:
    return str(user) if user is not None else "—"


def team(case) -> list:
    return [m for m in case.team.select_related("officer").order_by("-is_lead", "id")]


def _officers(case) -> str:
    return "、".join(f"{m.officer.name}（执法证号：{m.certificate_number}）" for m in team(case)) or "—"


def _contact(case) -> str:
    members = team(case)
    lead = members[0].officer if members else None
    if lead is None:
        return f"联系机关：{case.agency.name}"
    return f"联系机关：{case.agency.name}；联系人：{lead.name}；联系电话：{lead.phone or '—'}"


def party_block(case) -> str:
    """当事人 with its identifiers, as the notices and the decision state them."""
    id_label = "统一社会信用代码" if case.party_kind == "unit" else "身份证件号码"
    rep_label = "法定代表人（负责人）" if case.party_kind == "unit" else "工作单位／职务"
    parts = [f"当事人：{case.party_name}"]
    if case.party_id_number:
        parts.append(f"{id_label}：{case.party_id_number}")
    if case.party_representative:
        parts.append(f"{rep_label}：{case.party_representative}")
    if case.party_address:
        parts.append(f"地址：{case.party_address}")
    if case.party_phone:
        parts.append(f"联系电话：{case.party_phone}")
    return "；".join(parts)


def penalties_text(penalties, fine: Decimal | None) -> str:
    out = []
    for code in penalties:
        label = PENALTY_KINDS.get(code, code)
        out.append(f"罚款{_money(fine)}" if code == "fine" and fine else label)
    return "、".join(out) or "不予行政处罚"


def _evidence(case) -> str:
    rows = list(case.investigations.all())
    if not rows:
        return "现场检查记录、询问笔录等"
    return "；".join(f"{_d(r.occurred_on)}{INVESTIGATION_KINDS.get(r.kind, r.kind)}（{r.summary[:60]}）" for r in rows)


def _unit(case) -> str:
    return "你单位" if case.party_kind == "unit" else "你"


def _source(case) -> str:
    text = CASE_SOURCES.get(case.source, case.source)
    return f"{text}（{case.source_note}）" if case.source_note else text


def filing(case) -> dict:
    """立案审批表: 案由, 来源, 当事人, 基本情况, 承办人 with 证号, and the approval when given."""
    lines = [f"案由：{case.cause}", f"案件来源：{_source(case)}", f"案件名称：{case.name}", party_block(case),
             f"案件基本情况：{case.facts}",
             f"承办人意见：当事人涉嫌违法，符合立案条件，建议立案调查。承办人：{_officers(case)}"]
    if case.filing_approved_by_id:
        verdict = "同意立案" if case.status != "not_filed" else "不予立案"
        opinion = case.filing_opinion.strip()
        lines.append("审批意见：" + (_sentence(opinion) if opinion.startswith(verdict) else _sentence(verdict) + _sentence(opinion)))
        approved_on = case.filed_on or timezone.localdate()
        lines.append(f"审批人：{_who(case.filing_approved_by)}    日期：{_d(approved_on)}")
    else:
        approved_on = None
        lines.append("审批意见：（待审批）")
        # nobody signs a form whose approval is still to come: it is previewed without a signer and not issued
        return {"addressee": case.party_name, "body": "\n".join(lines), "awaiting_approval": True,
                "legal_basis": f"{LAW}第五十四条；{SAFETY_LAW}第六十五条"}
    return signed_by(_dated({"addressee": case.party_name, "body": "\n".join(lines),
                             "legal_basis": f"{LAW}第五十四条；{SAFETY_LAW}第六十五条"}, approved_on),
                     case.filing_approved_by)


def investigation(case, row) -> dict:
    """询问笔录 / 勘验笔录 / 抽样取证凭证 / 先行登记保存证据通知书 / 鉴定委托书 for one evidence step."""
    who, what = _officers(case), row.summary
    unit = _unit(case)
    if row.kind == "inquiry":
        body = [f"询问时间：{_d(row.occurred_on)}", f"询问地点：{case.party_address or case.agency.name}",
                f"询问人：{who}", f"被询问人：{case.party_representative or case.party_name}（{case.party_name}）",
                "询问人出示执法证件，告知被询问人如实回答询问、有申请回避的权利。", f"询问内容：{what}",
                "被询问人核对后签名：            年    月    日"]
        basis = f"{LAW}第五十五条；{SAFETY_LAW}第六十五条"
    elif row.kind == "site_record":
        body = [f"勘验时间：{_d(row.occurred_on)}", f"勘验场所：{case.party_address or case.party_name}",
                f"勘验人：{who}", f"当事人（见证人）：{case.party_representative or case.party_name}",
                f"勘验情况：{what}"]
        basis = f"{SAFETY_LAW}第六十五条"
    elif row.kind == "sampling":
        body = [f"因调查{case.cause}一案，依法对{unit}下列物品进行抽样取证：", what,
                f"抽样时间：{_d(row.occurred_on)}；抽样人：{who}。", "被抽样人核对后签名：            年    月    日"]
        basis = f"{LAW}第五十六条"
    elif row.kind == "preservation":
        limits = time_limits()
        body = [f"因调查{case.cause}一案，经本机关负责人批准，决定自{_d(row.occurred_on)}起对{unit}下列物品予以先行登记保存：",
                what, "在此期间，当事人或者有关人员不得销毁或者转移证据。",
                f"本机关将在{limits.preservation_workdays}个工作日内作出处理决定。执法人员：{who}。"]
        basis = f"{LAW}第五十六条"
    elif row.kind == "appraisal":
        body = [f"因调查{case.name}的需要，现委托你单位对下列事项进行鉴定：", what,
                f"请于收到本委托书后依法出具鉴定意见。委托日期：{_d(row.occurred_on)}；联系人：{who}。"]
        basis = f"{SAFETY_LAW}第六十五条"
    else:
        body = [f"{_d(row.occurred_on)}：{what}"]
        basis = ""
    return {"addressee": case.party_name, "body": "\n".join(body), "legal_basis": basis}


def preservation_approval(case, row, approver) -> dict:
    """先行登记保存证据审批表."""
    body = [f"案件名称：{case.name}", party_block(case), f"拟先行登记保存的证据：{row.summary}",
            "理由：证据可能灭失或者以后难以取得。", f"承办人：{_officers(case)}",
            f"审批意见：同意先行登记保存。批准人：{_who(approver)}    日期：{_d(row.occurred_on)}"]
    return signed_by(_dated({"addressee": case.party_name, "body": "\n".join(body), "legal_basis": f"{LAW}第五十六条"},
                            row.occurred_on), approver)


def preservation_decision(case, row) -> dict:
    """先行登记保存证据处理决定书."""
    body = [f"本机关于{_d(row.occurred_on)}对{_unit(case)}下列物品予以先行登记保存：{row.summary}",
            f"经研究，现作出如下处理决定：{row.preservation_decision}",
            f"决定日期：{_d(row.preservation_decided_on)}。"]
    return {"addressee": case.party_name, "body": "\n".join(body), "legal_basis": f"{LAW}第五十六条"}


def extension(case, row, limits: TimeLimits | None = None) -> dict:
    """案件延期审批表."""
    limits = limits or time_limits()
    body = [f"案件名称：{case.name}", f"立案日期：{_d(case.filed_on)}",
            f"原办案期限：立案之日起{limits.decision_days}日", f"延期理由：{row.reason}",
            f"延长期限：{row.days}日，延长后应于{_d(row.new_due)}前作出处理决定。",
            f"审批意见：同意延期。批准人：{_who(row.approved_by)}    日期：{_d(row.approved_on)}"]
    return signed_by(_dated({"addressee": case.party_name, "body": "\n".join(body), "legal_basis": f"{LAW}第六十条"},
                            row.approved_on), row.approved_by)


def conclusion(case) -> dict:
    """调查终结报告."""
    body = [f"案件名称：{case.name}", party_block(case), f"立案日期：{_d(case.filed_on)}", f"承办人：{_officers(case)}",
            f"调查经过及证据：{_evidence(case)}", f"违法事实：{_sentence(_facts(case))}", f"调查结论：{case.investigation_report}",
            f"违反的法律规定：{case.violated_provision or '—'}", f"处罚依据：{case.penalty_provision or '—'}",
            f"处理建议：{penalties_text(case.penalties, case.proposed_fine)}",
            f"是否重大案件（集体讨论）：{'是' if case.is_major else '否'}",
            f"调查终结日期：{_d(case.investigated_on)}"]
    return _dated({"addressee": case.party_name, "body": "\n".join(body), "legal_basis": f"{LAW}第五十七条"},
                  case.investigated_on)


def submission(case) -> dict:
    """案件处理呈批表."""
    body = [f"案由：{case.cause}", party_block(case), f"违法事实：{_sentence(_facts(case))}",
            f"违反的法律规定：{case.violated_provision or '—'}", f"处罚依据：{case.penalty_provision or '—'}",
            f"承办人意见：建议{penalties_text(case.penalties, case.proposed_fine)}。承办人：{_officers(case)}",
            "法制审核意见：见行政执法决定法制审核意见书", "审批意见："]
    return {"addressee": case.party_name, "body": "\n".join(body), "legal_basis": f"{LAW}第五十七条、第五十八条"}


def legal_review(case) -> dict:
    """行政执法决定法制审核意见书."""
    when = timezone.localdate(case.legal_reviewed_at) if case.legal_reviewed_at else None
    body = [f"审核事项：拟对{case.party_name}{case.cause}一案作出{penalties_text(case.penalties, case.proposed_fine)}的决定",
            "审核内容：执法主体是否合法，执法人员是否具备执法资格，案件事实是否清楚、证据是否确凿，"
            "适用法律依据是否准确，程序是否合法，裁量是否适当，执法文书是否规范。",
            f"审核结论：{LEGAL_REVIEW_RESULTS.get(case.legal_result, '—')}", f"审核意见：{case.legal_opinion or '—'}",
            f"法制审核人员：{_who(case.legal_reviewer)}    日期：{_d(when)}"]
    # signed by the legal reviewer who gave the opinion, dated by the review
    return signed_by(_dated({"addressee": case.party_name, "body": "\n".join(body),
                             "legal_basis": f"{LAW}第五十八条"}, when), case.legal_reviewer)


def discussion(case, conclusion_code: str = "") -> dict:
    """行政处罚集体讨论记录."""
    body = [f"讨论时间：{_d(case.discussed_on)}", f"讨论案件：{case.name}", party_block(case),
            f"承办人汇报：{_sentence(_facts(case))}建议{penalties_text(case.penalties, case.proposed_fine)}。",
            f"法制审核意见：{LEGAL_REVIEW_RESULTS.get(case.legal_result, '—')}。{_sentence(case.legal_opinion)}",
            f"讨论记录：{case.discussion_record}"]
    if conclusion_code:
        body.append(f"讨论结论：{DISCUSSION_CONCLUSIONS.get(conclusion_code, conclusion_code)}")
    return {"addressee": case.party_name, "body": "\n".join(body), "legal_basis": f"{LAW}第五十七条第二款"}


def closing_without_penalty(case) -> dict:
    """结案审批表 for a case closed without a penalty."""
    body = [f"案件名称：{case.name}", party_block(case), f"立案日期：{_d(case.filed_on)}",
            "处理结果：不予行政处罚", f"理由：{case.closing_note or case.investigation_report}",
            f"承办人：{_officers(case)}", f"结案日期：{_d(case.closed_on)}"]
    return {"addressee": case.party_name, "body": "\n".join(body), "legal_basis": f"{LAW}第五十七条第一款第（二）项"}


def penalty_notice(case, limits: TimeLimits | None = None) -> dict:
    """行政处罚告知书: facts, evidence, provisions, proposed penalty, the right to state and defend, contact."""
    limits = limits or time_limits()
    unit = _unit(case)
    body = [f"经查，{unit}存在下列违法行为：{_sentence(_facts(case))}",
            f"以上事实有{_evidence(case)}等证据为证。",
            f"{unit}的上述行为违反了{case.violated_provision}的规定，依据{case.penalty_provision}的规定，"
            f"本机关拟对{unit}作出以下行政处罚：{penalties_text(case.penalties, case.proposed_fine)}。",
            f"根据{LAW}第四十四条、第四十五条的规定，{unit}有权进行陈述和申辩。如有陈述、申辩意见，"
            f"请于收到本告知书之日起{limits.statement_workdays}个工作日内向本机关提出；逾期未提出的，视为放弃上述权利。",
            _contact(case)]
    return {"addressee": case.party_name, "body": "\n".join(body), "legal_basis": f"{LAW}第四十四条、第四十五条"}


def hearing_notice(case, limits: TimeLimits | None = None) -> dict:
    """行政处罚听证告知书."""
    limits = limits or time_limits()
    unit = _unit(case)
    body = [f"因{unit}{case.cause}，本机关拟对{unit}作出以下行政处罚：{penalties_text(case.penalties, case.proposed_fine)}。",
            f"根据{LAW}第六十三条、第六十四条的规定，{unit}有权要求举行听证。如要求听证，请于收到本告知书之日起"
            f"{limits.hearing_request_workdays}个工作日内向本机关提出；逾期未提出的，视为放弃听证权利。",
            _contact(case)]
    return {"addressee": case.party_name, "body": "\n".join(body), "legal_basis": f"{LAW}第六十三条、第六十四条"}


def statement(case, on: date, text: str) -> dict:
    """当事人陈述申辩笔录."""
    body = [f"时间：{_d(on)}", f"地点：{case.agency.name}", f"陈述申辩人：{case.party_representative or case.party_name}"
            f"（{case.party_name}）", f"承办人：{_officers(case)}", f"陈述申辩内容：{text}",
            "陈述申辩人核对后签名：            年    月    日"]
    return {"addressee": case.party_name, "body": "\n".join(body), "legal_basis": f"{LAW}第四十五条"}


def hearing_invitation(case, hearing_on: date | None, place: str, presiding: str) -> dict:
    """行政处罚听证会通知书: time, place, presiding officer, the right to ask for recusal."""
    unit = _unit(case)
    body = [f"根据{unit}的申请，本机关定于{_d(hearing_on)}在{place or case.agency.name}就{case.name}举行听证会。",
            f"听证主持人：{presiding or '由本机关指定的非本案调查人员担任'}。",
            f"{unit}认为主持人与本案有直接利害关系的，有权申请回避。{unit}可以亲自参加听证，也可以委托一至二人代理。",
            f"{unit}无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利。", _contact(case)]
    return {"addressee": case.party_name, "body": "\n".join(body), "legal_basis": f"{LAW}第六十四条"}


def hearing_record(case) -> dict:
    """听证笔录."""
    body = [f"案件名称：{case.name}", f"听证时间：{_d(case.hearing_held_on)}", f"听证地点：{case.agency.name}",
            party_block(case), f"案件调查人员：{_officers(case)}", f"听证记录：{case.hearing_report}",
            "当事人核对后签名：            年    月    日"]
    return {"addressee": case.party_name, "body": "\n".join(body), "legal_basis": f"{LAW}第六十四条"}


def hearing_report(case) -> dict:
    """听证会报告书."""
    body = [f"案由：{case.cause}", party_block(case), f"听证时间：{_d(case.hearing_held_on)}",
            f"听证情况及处理意见：{case.hearing_report}"]
    return {"addressee": case.party_name, "body": "\n".join(body), "legal_basis": f"{LAW}第六十五条"}


def decision(case, limits: TimeLimits | None = None) -> dict:
    """行政处罚决定书. The remedy sentence (复议 60 日 / 诉讼 6 个月) is added by the renderer for this kind."""
    limits = limits or time_limits()
    unit = _unit(case)
    if case.hearing_held_on:
        process = (f"本机关于{_d(case.notice_served_on)}向{unit}送达了行政处罚告知书和听证告知书；{unit}于"
                   f"{_d(case.hearing_requested_on)}申请听证，听证会于{_d(case.hearing_held_on)}举行。")
    elif case.statement_note:
        process = (f"本机关于{_d(case.notice_served_on)}向{unit}送达了行政处罚告知书，{unit}提出了陈述、申辩意见，"
                   "本机关已进行复核。")
    else:
        process = f"本机关于{_d(case.notice_served_on)}向{unit}送达了行政处罚告知书，{unit}在规定期限内未提出陈述、申辩意见。"
    penalty = penalties_text(case.penalties, case.fine_amount)
    detail = _summary_detail(case.decision_summary, penalty)
    body = [party_block(case),
            f"经查，{unit}存在下列违法行为：{_sentence(_facts(case))}以上事实有{_evidence(case)}等证据为证。",
            process,
            f"{unit}的上述行为违反了{case.violated_provision}的规定，依据{case.penalty_provision}的规定，"
            f"本机关决定对{unit}作出以下行政处罚：{penalty}{detail}。"]
    if case.fine_amount:
        body.append(f"罚款自收到本决定书之日起{limits.payment_days}日内缴至指定银行或者通过电子支付系统缴纳。"
                    "到期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额。")
    body.append(f"{unit}在法定期限内不申请行政复议或者提起行政诉讼，又不履行本决定的，本机关将依法申请人民法院强制执行。")
    return signed_by({"addressee": case.party_name, "body": "\n".join(body),
                      "legal_basis": f"{case.penalty_provision}；{LAW}第五十七条、第五十九条、第七十二条"},
                     case.decided_by)


_AMOUNT = re.compile(r"元|[零壹贰叁肆伍陆柒捌玖][角分]")


def _summary_detail(summary: str, penalty: str) -> str:
    """The decision's typed summary, in brackets, only where it adds to the penalty computed from the figures: a
    typed amount (罚款人民币壹万伍仟元, 罚款15,000元) is never printed beside the computed one."""
    summary = summary.strip().rstrip("。")
    if not summary or summary in penalty or _AMOUNT.search(summary):
        return ""
    return f"（{summary}）"


def service_receipt(case, decision_number: str, on: date, method: str, recipient: str, place: str) -> dict:
    """文书送达回执 (layout "huizhi")."""
    return {"served_document": f"行政处罚决定书（{decision_number or '编号见决定书'}）", "addressee": case.party_name,
            "place": place or case.party_address or case.party_name,
            "method": SERVICE_METHODS.get(method, method), "served_at": _d(on),
            "recipient": recipient or case.party_representative, "remarks": ""}

