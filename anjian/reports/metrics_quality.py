"""Data-quality findings (数据质量问题) per unit and period, from the records.

Four checks (the counters are kept in the roll-up like every other figure, so they are exact and fast;
`quality_examples` lists the records behind a count):
- 有隐患、无整改记录: an inspection carried out in the period with a hazard that has no deadline, is neither
  rectified nor corrected, and was not escalated (移交立案或强制措施);
- 无现场检查记录: an inspection carried out in the period, of an enterprise in the agency's own region, with
  no issued 现场检查记录 (a visiting team's inspection has none: its findings go by handover form);
- 录入不及时: an inspection recorded (the audit event inspection_record) more than N days after it ended —
  N is settings.ANJIAN_LATE_ENTRY_DAYS (default 7) or the `late_entry_days` argument;
- 有处罚决定、无处罚决定书: a case decided in the period, not 不予处罚/不予立案/移送, with no issued
  行政处罚决定书 (罚 or 罚当) attached to it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, DateField, Exists, F, OuterRef
from django.db.models.functions import Cast, Coalesce, TruncDate

from anjian.audit.models import AuditEvent
from anjian.cases.models import PenaltyCase
from anjian.documents.models import Document
from anjian.domain.bulletin import Finding
from anjian.domain.identifiers import region_covers
from anjian.domain.metrics import (
    COUNTED_STATUSES,
    QUALITY_COUNTERS,
    RECTIFIED_STATUSES,
    MetricsTable,
    Period,
    quality_problem,
)
from anjian.inspections.models import Hazard, Inspection
from anjian.reports.metrics import Unit, metrics_for, unit_agencies, unit_of
from anjian.reports.rollup import late_days
from anjian.reports.rollup_sql import NOT_PENALIZED, PENALTY_DOCUMENTS, RECORD_DOCUMENT


@dataclass(frozen=True)
class QualityFinding:
    unit: str
    key: str  # one of anjian.domain.metrics.QUALITY_COUNTERS
    problem: str
    count: int
    code: str = ""  # the unit's region code

    def as_finding(self) -> Finding:
        return Finding(self.problem, unit=self.unit, count=self.count)


def quality_findings(units: Iterable, period: Period, *, late_entry_days: int | None = None) -> list[QualityFinding]:
    """Every (unit, check) with a non-zero count, units in the order given."""
    late = late_days() if late_entry_days is None else late_entry_days
    return table_findings(metrics_for(units, period, metrics=["inspections"], late_entry_days=late), late)


def table_findings(table: MetricsTable, late_entry_days: int | None = None) -> list[QualityFinding]:
    """The findings of a MetricsTable already computed (its counters carry the data-quality counts)."""
    late = late_days() if late_entry_days is None else late_entry_days
    out = []
    for unit in table.units:
        for key in QUALITY_COUNTERS:
            count = int(unit.counters.get(key, 0))
            if count:
                out.append(QualityFinding(unit.unit, key, quality_problem(key, late), count, unit.code))
    return out


def _inspections_in(unit: Unit, period: Period):
    agencies = [a for a, _ in unit_agencies([unit]).items()]
    day = Coalesce(TruncDate(Coalesce("ended_at", "started_at")), F("planned_date"), output_field=DateField())
    return (Inspection.objects.filter(agency_id__in=agencies, status__in=COUNTED_STATUSES)
            .annotate(day=day).filter(day__gte=period.start, day__lte=period.end))


def quality_examples(unit, period: Period, key: str, *, limit: int = 50, late_entry_days: int | None = None) -> list:
    """The records behind one finding (inspections, or cases for q_no_penalty_document), oldest first."""
    unit = unit_of(unit)
    if key == "q_no_penalty_document":
        agencies = list(unit_agencies([unit]))
        documents = Document.objects.filter(subject_type=ContentType.objects.get_for_model(PenaltyCase),
                                            subject_id=OuterRef("pk"), kind_id__in=PENALTY_DOCUMENTS, status="issued")
        qs = (PenaltyCase.objects.filter(agency_id__in=agencies, decided_on__gte=period.start,
                                         decided_on__lte=period.end)
              .exclude(result__in=NOT_PENALIZED).filter(~Exists(documents)).order_by("decided_on", "id"))
        return list(qs.select_related("enterprise")[:limit])
    qs = _inspections_in(unit, period).select_related("agency", "enterprise").order_by("day", "id")
    if key == "q_no_rectification":
        bad = (Hazard.objects.filter(inspection=OuterRef("pk"), deadline__isnull=True, rectified_at__isnull=True)
               .exclude(status__in=(*RECTIFIED_STATUSES, "escalated")))
        return list(qs.filter(Exists(bad))[:limit])
    if key == "q_missing_record":
        record = Document.objects.filter(subject_type=ContentType.objects.get_for_model(Inspection),
                                         subject_id=OuterRef("pk"), kind_id=RECORD_DOCUMENT, status="issued")
        out = []
        for inspection in qs.filter(~Exists(record)).iterator(chunk_size=500):
            if region_covers(inspection.agency.region_id, inspection.enterprise.region_id):
                out.append(inspection)
                if len(out) >= limit:
                    break
        return out
    if key == "q_late_entry":
        days = late_days() if late_entry_days is None else late_entry_days
        late = AuditEvent.objects.filter(target_type="inspections.inspection",
                                         target_id=Cast(OuterRef("pk"), CharField()), verb="inspection_record",
                                         occurred_at__gt=OuterRef("ended_at") + timedelta(days=days))
        return list(qs.filter(ended_at__isnull=False).filter(Exists(late))[:limit])
    raise ValueError(f"unknown check {key!r}")
