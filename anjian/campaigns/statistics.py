"""附件3 异地执法检查情况统计表, filled from the inspections and handover forms of each pairing's assignment.

The seed gives the title, 填报单位 and 填报日期 of attachment 3 but not its column heads (the page is lost in
the seed text); the columns below are the ones the brief names (see docs/adr/0012-campaigns.md).
"""

from django.db.models import Count, Q

from anjian.campaigns.models import Campaign, CampaignPairing
from anjian.campaigns.units import unit_name
from anjian.domain.campaign_rules import MODES
from anjian.inspections.models import Hazard, Inspection, InspectionOfficer
from anjian.supervision.models import HandoverItem

COLUMNS = ["序号", "轮次", "执法模式", "检查单位", "被检查单位", "检查企业（家）", "发现问题隐患（项）",
           "其中重大事故隐患（项）", "已整改（项）", "移交问题（项）", "拟立案处罚（起）", "罚款金额（万元）",
           "出动执法人员（人次）"]
FINES_PENDING = "待处罚案件功能"
DONE_STATUSES = ("in_progress", "recorded", "closed")
RECTIFIED = ("corrected", "rectified")


def _pairing_figures(assignment_id: int | None) -> dict:
    if assignment_id is None:
        return dict.fromkeys(("enterprises", "hazards", "major", "rectified", "handed", "cases", "turnouts"), 0)
    inspections = Inspection.objects.filter(cross_region_link__assignment_id=assignment_id,
                                            status__in=DONE_STATUSES)
    hazards = Hazard.objects.filter(inspection__in=inspections).aggregate(
        n=Count("id"), major=Count("id", filter=Q(is_major=True)), rectified=Count("id", filter=Q(status__in=RECTIFIED)))
    items = HandoverItem.objects.filter(form__assignment_id=assignment_id).aggregate(
        n=Count("id"), cases=Count("id", filter=Q(action="penalty_case")))
    return {
        "enterprises": inspections.values("enterprise_id").distinct().count(),
        "hazards": hazards["n"], "major": hazards["major"], "rectified": hazards["rectified"],
        "handed": items["n"], "cases": items["cases"],
        "turnouts": InspectionOfficer.objects.filter(inspection__in=inspections).count(),
    }


def statistics_rows(campaign: Campaign) -> list[list]:
    """One row per pairing, then a 合计 row. Fines stay "待处罚案件功能" until penalty cases exist."""
    pairings = CampaignPairing.objects.filter(round__campaign=campaign).select_related(
        "round", "group", "inspecting_agency__region", "inspected_agency__region").order_by(
        "round__number", "group__number", "position")
    rows, total = [], dict.fromkeys(("enterprises", "hazards", "major", "rectified", "handed", "cases", "turnouts"), 0)
    for n, p in enumerate(pairings, start=1):
        f = _pairing_figures(p.assignment_id)
        for k in total:
            total[k] += f[k]
        rows.append([n, p.round.name, MODES[p.group.mode], unit_name(p.inspecting_agency),
                     unit_name(p.inspected_agency), f["enterprises"], f["hazards"], f["major"], f["rectified"],
                     f["handed"], f["cases"], FINES_PENDING, f["turnouts"]])
    rows.append(["合计", "", "", "", "", total["enterprises"], total["hazards"], total["major"], total["rectified"],
                 total["handed"], total["cases"], FINES_PENDING, total["turnouts"]])
    return rows
