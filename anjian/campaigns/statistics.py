"""附件3 异地执法检查情况统计表, filled from the inspections and handover forms of each pairing's assignment.

The seed keeps the form's title, 填报单位, 填报日期 and its note ("此表为异地执法检查情况统计表，检查结果总报告一并
报送。") but not its column heads (the page is lost in the seed text); the columns below are those of
docs/adr/0012-campaigns.md: what a cross-region inspection produces, in the order the work happens (who went, what
was found, what was done on the spot, what was handed to the home agency, what was penalised).

立案处罚 counts the penalty cases filed by the home agencies from the assignment's handover forms or inspections;
罚款金额 sums the fines decided in them (万元, two decimals).
"""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from anjian.campaigns.models import Campaign, CampaignPairing
from anjian.campaigns.units import unit_name
from anjian.cases.models import PenaltyCase
from anjian.domain.campaign_rules import MODES
from anjian.domain.case_process import PRE_FILING
from anjian.inspections.models import Hazard, Inspection, InspectionOfficer
from anjian.regions.models import Agency
from anjian.supervision.models import HandoverItem

TITLE = "异地执法检查情况统计表"
NOTE = "此表为异地执法检查情况统计表，检查结果总报告一并报送。"
FIGURES = (  # key, column head
    ("enterprises", "检查企业（家）"),
    ("turnouts", "出动执法人员（人次）"),
    ("experts", "检查组专家（人）"),
    ("hazards", "发现问题隐患（项）"),
    ("major", "其中重大事故隐患（项）"),
    ("rectified", "已整改（项）"),
    ("measures", "采取现场处理措施（项）"),
    ("suspended", "其中责令停产停业（家）"),
    ("handed", "移交问题（项）"),
    ("proposed", "移交立案处罚（项）"),
    ("cases", "立案处罚（起）"),
    ("fines", "罚款金额（万元）"),
)
COLUMNS = ["序号", "轮次", "执法模式", "检查单位", "被检查单位", *(head for _, head in FIGURES)]
DONE_STATUSES = ("in_progress", "recorded", "closed")
RECTIFIED = ("corrected", "rectified")
SUSPEND = "suspend_operations"


def _zero() -> dict:
    return dict.fromkeys((key for key, _ in FIGURES), 0)


def _pairing_figures(pairing: CampaignPairing) -> dict:
    figures = _zero()
    figures["experts"] = len(pairing.experts.all())  # the team formed for the pairing
    assignment_id = pairing.assignment_id
    if assignment_id is None:
        return figures
    inspections = Inspection.objects.filter(cross_region_link__assignment_id=assignment_id,
                                            status__in=DONE_STATUSES)
    hazards = Hazard.objects.filter(inspection__in=inspections)
    counted = hazards.aggregate(
        n=Count("id"), major=Count("id", filter=Q(is_major=True)), rectified=Count("id", filter=Q(status__in=RECTIFIED)),
        measures=Count("id", filter=Q(handling="measures")))
    suspended = {e for e, measures in hazards.filter(handling="measures").values_list("enterprise_id", "measures")
                 if SUSPEND in (measures or [])}
    items = HandoverItem.objects.filter(form__assignment_id=assignment_id).aggregate(
        n=Count("id"), proposed=Count("id", filter=Q(action="penalty_case")))
    figures.update(
        enterprises=inspections.values("enterprise_id").distinct().count(),
        turnouts=InspectionOfficer.objects.filter(inspection__in=inspections).count(),
        hazards=counted["n"], major=counted["major"], rectified=counted["rectified"], measures=counted["measures"],
        suspended=len(suspended), handed=items["n"], proposed=items["proposed"])
    cases = PenaltyCase.objects.filter(Q(handover__assignment_id=assignment_id) | Q(inspection__in=inspections)) \
        .exclude(status__in=(*PRE_FILING, "not_filed")).distinct()
    figures["cases"] = cases.count()
    fines = cases.filter(result="penalized").aggregate(s=Sum("fine_amount"))["s"] or Decimal(0)
    figures["fines"] = (fines / 10000).quantize(Decimal("0.01"))
    return figures


def reporting_units(campaign: Campaign) -> list[Agency]:
    """The agencies that inspected in the campaign (each fills in the table for its own inspections)."""
    ids = CampaignPairing.objects.filter(round__campaign=campaign).values("inspecting_agency_id")
    return list(Agency.objects.filter(pk__in=ids).select_related("region").order_by("region_id"))


def statistics_rows(campaign: Campaign, unit: Agency | None = None) -> list[list]:
    """One row per pairing (of ``unit`` as inspecting agency, when given), then a 合计 row."""
    pairings = CampaignPairing.objects.filter(round__campaign=campaign).select_related(
        "round", "group", "inspecting_agency__region", "inspected_agency__region").prefetch_related(
        "experts").order_by(
        "round__number", "group__number", "position")
    if unit is not None:
        pairings = pairings.filter(inspecting_agency=unit)
    rows, total = [], _zero()
    for n, p in enumerate(pairings, start=1):
        f = _pairing_figures(p)
        for k in total:
            total[k] += f[k]
        rows.append([n, p.round.name, MODES[p.group.mode], unit_name(p.inspecting_agency),
                     unit_name(p.inspected_agency), *(f[key] for key, _ in FIGURES)])
    rows.append(["合计", "", "", "", "", *(total[key] for key, _ in FIGURES)])
    return rows


def heading(campaign: Campaign, unit: Agency | None, on: date) -> list[str]:
    """The lines above the table: 填报单位 (the inspecting agency, or the organiser for the whole campaign) and
    填报日期."""
    reporter = unit or campaign.organiser
    return [f"填报单位：{reporter.name}", f"填报日期：{on.year}年{on.month}月{on.day}日"]


def footer() -> list[str]:
    return [NOTE]
