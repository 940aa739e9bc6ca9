"""Documents of a transfer (移审 案件移送审批表, 移 案件移送书, 涉移 涉嫌犯罪案件移送书), issued through
`anjian.cases.execution.documents.case_document_issue`."""

from datetime import date

from anjian.cases.execution.documents import day_text, person_name
from anjian.domain.case_execution import materials_summary
from anjian.domain.case_process import CRIMINAL_TRANSFERS, TRANSFER_KINDS


def _materials(materials) -> str:
    items = "\n".join(f"{i}. {m['name']}（{m['pages']}页）" for i, m in enumerate(materials, start=1))
    return f"附件：移送材料{materials_summary(materials)}\n{items}"


def transfer_request(case, *, kind: str, receiver_name: str, reason: str, legal_basis: str, materials,
                     sent_on: date, approver) -> dict:
    """移审 案件移送审批表."""
    body = (f"案件名称：{case.name}\n案由：{case.cause}\n当事人：{case.party_name}\n立案日期：{day_text(case.filed_on)}\n"
            f"移送类型：{TRANSFER_KINDS[kind]}\n受移送机关：{receiver_name}\n移送理由：{reason.strip()}\n"
            f"{_materials(materials)}\n审批意见：同意移送。审批人：{person_name(approver)}　{day_text(sent_on)}")
    return {"addressee": case.party_name, "body": body, "legal_basis": legal_basis.strip(),
            "signer_id": approver.pk, "signer": person_name(approver)}


def transfer_letter(case, *, kind: str, receiver_name: str, reason: str, legal_basis: str, materials) -> dict:
    """移 案件移送书 or 涉移 涉嫌犯罪案件移送书: receiver, filing date, reason, legal basis, materials."""
    if kind in CRIMINAL_TRANSFERS:
        found = reason.strip().rstrip("。") + ("" if "涉嫌" in reason else "，涉嫌犯罪")
        body = (f"{case.party_name}{case.cause}一案，本机关于{day_text(case.filed_on)}立案调查。经调查，{found}。"
                f"依据{legal_basis.strip()}的规定，现将该案移送你单位，请依法审查，并将处理结果书面告知本机关。"
                f"\n{_materials(materials)}")
    else:
        body = (f"{case.party_name}{case.cause}一案，本机关于{day_text(case.filed_on)}立案调查。经调查，{reason.strip().rstrip('。')}，"
                f"不属于本机关管辖。依据{legal_basis.strip()}的规定，现将该案移送你单位处理。\n{_materials(materials)}")
    return {"addressee": receiver_name.strip(), "body": body, "legal_basis": legal_basis.strip()}
