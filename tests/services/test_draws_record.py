"""The stored draw is exactly what the pure algorithm (anjian-draw/1) publishes for the same pool, whether the pool is
read by the grouped scan (PostgreSQL) or row by row, and whether the work is shared with a forked process."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from anjian.common.errors import ServiceInvalid
from anjian.domain import draw as algo
from anjian.domain.draw import verify
from anjian.domain.draw_pool import pool_lines
from anjian.domain.permissions import Role
from anjian.draws import services
from anjian.draws.models import OfficerConflict, PoolSnapshot, RandomInspectionTask
from anjian.draws.pool import enterprise_pool, officer_pool
from anjian.enterprises.demo import make_uscc
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import Inspection, InspectionOfficer
from anjian.regions.models import Agency
from tests.services.inspection_helpers import officer

PROVINCE = "410000"
SECRET = "record-secret-2024"
STRATA = [{"label": "化工", "industries": ["chemical", "hazardous_chemicals"], "quota": 7},
          {"label": "工贸（重点）", "industries": ["industry_trade"], "supervision_classes": ["key"], "quota": 4},
          {"label": "工贸", "industries": ["industry_trade"], "quota": 9}]


@pytest.fixture
def head(make_user):
    return make_user(PROVINCE, Role.DEPARTMENT_HEAD)


@pytest.fixture
def world(db):
    regions = ["410100", "410300", "411726"]
    rows = []
    for k in range(160):
        industry = ["chemical", "hazardous_chemicals", "industry_trade", "industry_trade", "fireworks"][k % 5]
        rows.append(Enterprise(uscc=make_uscc(regions[k % 3], 800000 + k), name=f"对象{k}", region_id=regions[k % 3],
                               industry=industry, supervision_class="key" if k % 7 == 0 else "general",
                               status="closed" if k % 23 == 0 else "operating"))
    Enterprise.objects.bulk_create(rows)
    officers = [officer(region=PROVINCE, name=f"执法{i}") for i in range(9)]
    officers[0].specialties = ["chemical"]
    officers[0].save()
    officer(region=PROVINCE, name="暂扣", status="suspended")
    first = Enterprise.objects.filter(industry="chemical", status="operating").order_by("id").first()
    OfficerConflict.objects.create(officer=officers[1], enterprise=first, reason="亲属任职")
    past = Inspection.objects.create(enterprise=first, agency=Agency.objects.get(region_id=PROVINCE),
                                     source="annual_plan", planned_date=timezone.localdate() - timedelta(days=20))
    InspectionOfficer.objects.create(inspection=past, officer=officers[2], certificate_number="x")
    return officers


def task_for(head, **over) -> RandomInspectionTask:
    today = timezone.localdate()
    fields = {"name": "省级抽查", "year": today.year, "period_from": today, "period_to": today + timedelta(days=60),
              "strata": STRATA, **over}
    return services.task_create(actor=head, agency=Agency.objects.get(region_id=PROVINCE), **fields)


def reference(task: RandomInspectionTask, witness: str) -> dict:
    """The record as the pure algorithm builds it from the pool read row by row (published in canonical order)."""
    pool = sorted(enterprise_pool(task)[0], key=lambda p: f"{p[0]}\t{p[1]}\n")
    today = timezone.localdate()
    prepared = algo.prepare(secret=SECRET, witness_entropy=witness, pool=pool, strata=task.strata)
    officers, exclusions, specialties, industries = officer_pool(task, [t[1] for t in prepared["targets"]], today)
    return algo.complete(
        prepared, officers=officers, officer_specialties=specialties, target_industries=industries,
        excluded=task.committed_excluded, officer_exclusions=exclusions, officers_per_target=task.officers_per_target,
        extra={"task": {"id": task.pk, "name": task.name, "agency": task.agency.name, "year": task.year,
                        "period": [task.period_from.isoformat(), task.period_to.isoformat()], "items": task.items},
               "committed_pool_digest": task.committed_pool_digest,
               "committed_at": task.committed_at.isoformat(), "drawn_on": today.isoformat(),
               "replaces": None, "replace_reason": ""})


def test_the_published_record_is_byte_for_byte_the_pure_algorithms(head, world):
    chemical = Enterprise.objects.filter(industry__in=["chemical", "hazardous_chemicals"], status="operating").count()
    task = task_for(head, strata=[{**STRATA[0], "quota": chemical}, *STRATA[1:]])  # every 化工 unit is drawn
    services.task_commit(actor=head, task=task, secret=SECRET)
    d = services.task_draw(actor=head, task=task, secret=SECRET, witness_entropy="深证成指 9876.54")
    expected = reference(task, "深证成指 9876.54")
    assert d.record_text() == json.dumps(expected, ensure_ascii=False)
    assert verify(json.loads(d.record_text())) == []
    record = d.record
    assert record["pool_digest"] == task.committed_pool_digest == algo.sha256_hex(
        pool_lines(record["pool"]).encode())
    assert [s["label"] for s in record["strata"]] == ["化工", "工贸（重点）", "工贸"]
    reasons = {x["reason"] for x in record["officer_exclusions"]}
    assert {"利害关系回避：亲属任职", "近一年曾检查该单位", "执法证暂扣"} <= reasons
    assert all(x["reason"] == "非正常生产经营（关闭注销）" for x in record["excluded"]) and record["excluded"]


def test_the_pool_is_stored_once_and_shared_by_a_redraw_of_the_same_commit(head, world):
    task = task_for(head)
    services.task_commit(actor=head, task=task, secret=SECRET)
    first = services.task_draw(actor=head, task=task, secret=SECRET)
    assert first.pool_snapshot_id == task.pool_snapshot_id and '"pool": null' in first.record_json
    assert len(first.record_json) < len(first.record_text())
    services.task_commit(actor=head, task=task, secret="another-secret-2024")
    second = services.task_redraw(actor=head, task=task, reason="抽中单位已停产", secret="another-secret-2024")
    assert PoolSnapshot.objects.filter(task=task).count() == 2
    assert verify(first.record) == [] and verify(second.record) == []  # the old record is intact


def test_a_snapshot_changed_after_the_commit_is_refused(head, world):
    task = task_for(head)
    services.task_commit(actor=head, task=task, secret=SECRET)
    snapshot = PoolSnapshot.objects.get(pk=task.pool_snapshot_id)
    ids = snapshot.ids.split("\n")
    PoolSnapshot.objects.filter(pk=snapshot.pk).update(ids="\n".join([*ids[:-1], "999999"]))
    with pytest.raises(ServiceInvalid, match="对象库与公布的摘要不符"):
        services.task_draw(actor=head, task=task, secret=SECRET)


def test_a_label_that_would_break_the_pool_lines_is_refused(head, world):
    with pytest.raises(ServiceInvalid, match="不能包含制表符或换行符"):
        task_for(head, strata=[{"label": "化工\t甲", "industries": ["chemical"], "quota": 1}])
