"""Content of the enforcement documents an inspection produces, built from its records.

The documents app validates and renders these dicts (see anjian/documents/fields.py for each layout's keys).
"""

from django.utils import timezone

from anjian.domain.inspection_rules import ALL_MEASURES

METHOD = "现场检查、查阅资料、询问有关人员"


def _inspectors(inspection) -> list[dict]:
    return [{"name": m.officer.name, "certificate": m.certificate_number or m.officer.certificate_number}
            for m in inspection.team.select_related("officer").order_by("-role", "id")]


def _approver(inspection, content: dict) -> dict:
    """The leader who approved the inspection plan signs (签发) its plan, orders and decisions; the record of the
    inspection is the officers' own (docs/enforcement-documents.md)."""
    approver = inspection.approved_by
    if approver is not None:
        content.update(signer_id=approver.pk, signer=str(approver))
    return content


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日{local.hour}时{local.minute:02d}分"


def plan_content(inspection, items: list[str]) -> dict:
    """现场检查方案."""
    e = inspection.enterprise
    return _approver(inspection, {
        "addressee": e.name, "address": e.address, "inspection_date": inspection.planned_date.isoformat(),
        "basis": "《中华人民共和国安全生产法》第六十五条", "items": items, "method": METHOD,
        "inspectors": _inspectors(inspection)})


def record_content(inspection, hazards) -> dict:
    """现场检查记录: written whether or not problems were found."""
    e = inspection.enterprise
    findings = inspection.summary or ("未发现事故隐患。" if not hazards else "")
    if hazards:
        findings = (findings + "\n" if findings else "") + "\n".join(
            f"{i}. {h.description}" for i, h in enumerate(hazards, start=1))
    start = inspection.started_at or timezone.now()
    return {"addressee": e.name, "address": e.address, "legal_representative": e.legal_representative,
            "phone": e.contact_phone, "place": inspection.place or e.address or e.name,
            "time_from": _when(start), "time_to": _when(inspection.ended_at or timezone.now()),
            "inspectors": _inspectors(inspection), "findings": findings}


def rectify_content(inspection, hazards) -> dict:
    """责令限期整改指令书: one numbered problem per hazard with its own deadline."""
    bases = sorted({h.legal_basis for h in hazards if h.legal_basis})
    return _approver(inspection, {
        "addressee": inspection.enterprise.name, "inspection_date": inspection.inspection_date.isoformat(),
        "problems": [{"text": h.description, "deadline": h.deadline.isoformat() if h.deadline else ""} for h in hazards],
        "legal_basis": "；".join(bases), "inspectors": _inspectors(inspection)})


def measures_content(inspection, hazards) -> dict:
    """现场处理措施决定书."""
    measures = sorted({ALL_MEASURES[m] for h in hazards for m in h.measures if m in ALL_MEASURES})
    bases = sorted({h.legal_basis for h in hazards if h.legal_basis})
    return _approver(inspection, {
        "addressee": inspection.enterprise.name, "inspection_date": inspection.inspection_date.isoformat(),
        "violations": [h.description for h in hazards],
        "legal_basis": "；".join(bases) or "《中华人民共和国安全生产法》第六十五条",
        "measures": measures, "inspectors": _inspectors(inspection)})


def review_content(inspection, original, opinion: str) -> dict:
    """整改复查意见书, naming the 责令限期整改指令书 it follows up."""
    return _approver(inspection, {
        "addressee": inspection.enterprise.name,
        "original_date": timezone.localdate(original.issued_at).isoformat() if original else "",
        "original_title": original.kind.name if original else "责令限期整改指令书",
        "original_number": original.number if original else "",
        "opinion": opinion, "inspectors": _inspectors(inspection)})


def review_opinion(opinion: str, results: list[tuple[str, bool, str]]) -> str:
    """复查意见: the officers' opinion followed by each problem's result."""
    lines = [f"{i}. {text}：{'已整改' if ok else '未整改'}{('（' + note + '）') if note else ''}"
             for i, (text, ok, note) in enumerate(results, start=1)]
    head = opinion.strip() or ("经复查，所列问题均已整改完毕。" if all(ok for _, ok, _ in results)
                               else "经复查，下列问题整改情况如下：")
    return "\n".join([head, *lines])
