"""A task draws only inside its agency's jurisdiction; 生成检查计划 refuses cleanly, all or nothing; before the results
are disclosed only the task's owners and the assigned officers see what was drawn."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from anjian.common.errors import ServiceInvalid
from anjian.domain.permissions import Role
from anjian.draws import selectors as sel
from anjian.draws import services
from anjian.draws.models import Draw, RandomInspectionTask
from anjian.draws.pool import enterprise_pool, enterprise_pool_runs
from anjian.enterprises.demo import make_uscc
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import Inspection
from anjian.regions.models import Agency
from tests.services.inspection_helpers import officer

COUNTY, SIBLING, CITY, PROVINCE = "411726", "411721", "411700", "410000"
SECRET = "scope-secret-2024"
TODAY = timezone.localdate()


def stratum(prefix: str = "", quota: int = 2, label: str = "工贸") -> dict:
    return {"label": label, "industries": ["industry_trade"], "quota": quota, "region_prefix": prefix}


def create(actor, region: str = COUNTY, strata=None, **over) -> RandomInspectionTask:
    fields = {"year": TODAY.year, "name": "抽查", "period_from": TODAY, "period_to": TODAY + timedelta(days=90),
              "strata": strata or [stratum()], **over}
    return services.task_create(actor=actor, agency=Agency.objects.get(region_id=region), **fields)


@pytest.fixture
def world(db):
    """Three operating industry-and-trade units in each of the county and its sibling; four county officers."""
    Enterprise.objects.bulk_create([
        Enterprise(uscc=make_uscc(region, 500000 + k), name=f"{region}单位{k}", region_id=region,
                   industry="industry_trade") for region in (COUNTY, SIBLING) for k in range(3)])
    return [officer(region=COUNTY, name=f"泌阳执法{i}") for i in range(4)]


@pytest.fixture
def county_head(make_user):
    return make_user(COUNTY, Role.DEPARTMENT_HEAD)


# ---------------------------------------------------------------- item 2: the pool stays inside the jurisdiction

@pytest.mark.parametrize("prefix", ["41", "4117", SIBLING, "411700"])
def test_a_county_task_may_not_reach_beyond_the_county(county_head, world, prefix):
    with pytest.raises(ServiceInvalid) as exc:
        create(county_head, strata=[stratum(), stratum(prefix, label="全省工贸")])
    assert exc.value.errors == [f"第2类「全省工贸」：区域代码「{prefix}」不是本机关辖区内的行政区划"]
    assert not RandomInspectionTask.objects.exists()


def test_a_region_that_does_not_exist_reads_like_one_out_of_scope(make_user, db):
    head = make_user(PROVINCE, Role.DEPARTMENT_HEAD)
    answers = []
    for prefix in ("4199", "4217"):  # inside the province but no such city / another province
        with pytest.raises(ServiceInvalid) as exc:
            create(head, region=PROVINCE, strata=[stratum(prefix)])
        answers.append(str(exc.value).replace(prefix, "X"))
    assert answers[0] == answers[1]


def test_malformed_prefixes_are_refused(county_head, world):
    with pytest.raises(ServiceInvalid, match="应为2、4或6位数字"):
        create(county_head, strata=[stratum("4117260")])


def test_the_province_may_draw_province_wide_and_a_city_one_of_its_counties(make_user, world):
    assert create(make_user(PROVINCE, Role.DEPARTMENT_HEAD), region=PROVINCE, strata=[stratum("41")]).pk
    task = create(make_user(CITY, Role.DEPARTMENT_HEAD), region=CITY, strata=[stratum(COUNTY, quota=3)])
    pool, _ = enterprise_pool(task)
    assert {Enterprise.objects.get(pk=int(i)).region_id for _, i in pool} == {COUNTY}


def _stored_with(task: RandomInspectionTask, prefix: str) -> RandomInspectionTask:
    """A task stored before the rule with a prefix beyond its jurisdiction."""
    RandomInspectionTask.objects.filter(pk=task.pk).update(strata=[stratum(prefix, quota=4)])
    return RandomInspectionTask.objects.select_related("agency").get(pk=task.pk)


def test_a_task_stored_with_a_prefix_beyond_its_county_is_never_committed(county_head, world):
    task = _stored_with(create(county_head), "41")
    with pytest.raises(ServiceInvalid) as exc:
        services.task_commit(actor=county_head, task=task, secret=SECRET)
    assert exc.value.errors == ["第1类「工贸」：区域代码「41」不是本机关辖区内的行政区划"]
    task.refresh_from_db()
    assert task.status == "draft" and task.commitment == ""


@pytest.mark.parametrize("prefix", ["41", SIBLING])
def test_the_pool_query_always_stays_inside_the_jurisdiction(county_head, world, prefix):
    """Defence in depth: whatever a stored stratum says, the pool is read inside the county."""
    task = _stored_with(create(county_head), prefix)
    regions = {Enterprise.objects.get(pk=int(i)).region_id for _, i in enterprise_pool(task)[0]}
    runs, counts, _ = enterprise_pool_runs(task)
    run_regions = {Enterprise.objects.get(pk=int(i)).region_id for _, ids in runs for i in ids}
    assert regions <= {COUNTY} and run_regions <= {COUNTY}
    assert counts["工贸"] == (3 if prefix == "41" else 0)


def test_a_task_committed_with_a_bad_prefix_before_the_rule_is_never_drawn(county_head, world):
    task = create(county_head)
    services.task_commit(actor=county_head, task=task, secret=SECRET)
    task = _stored_with(task, "41")
    with pytest.raises(ServiceInvalid, match="不是本机关辖区内的行政区划"):
        services.task_draw(actor=county_head, task=task, secret=SECRET)
    assert not Draw.objects.exists()


# ---------------------------------------------------------------- item 2: 生成检查计划 refuses cleanly

def _drawn(actor, quota: int = 3) -> tuple[RandomInspectionTask, Draw]:
    task = create(actor, strata=[stratum(quota=quota)])
    services.task_commit(actor=actor, task=task, secret=SECRET)
    return task, services.task_draw(actor=actor, task=task, secret=SECRET)


def test_a_refusal_by_the_inspection_service_is_a_clear_message_and_nothing_is_planned(county_head, world,
                                                                                       make_user):
    """A city head may run the county's draw but not inspect in the county agency's name (ServiceDenied)."""
    city_head = make_user(CITY, Role.DEPARTMENT_HEAD)
    task, d = _drawn(city_head)
    with pytest.raises(ServiceInvalid) as exc:
        services.draw_create_inspections(actor=city_head, draw=d)
    assert exc.value.errors[0] == services.NOTHING_PLANNED
    assert len(exc.value.errors) == 4 and all("您不能以该机构名义检查此单位" in e for e in exc.value.errors[1:])
    d.refresh_from_db()
    assert not Inspection.objects.exists() and not d.inspections_created


def test_one_target_refused_means_no_inspection_at_all(county_head, world):
    task, d = _drawn(county_head)
    last = d.target_rows.order_by("id").last()
    world_officer = next(o for o in world if o.pk == last.officer_ids[0])
    world_officer.status = "suspended"  # after the draw: the team of that target is no longer valid
    world_officer.save()
    with pytest.raises(ServiceInvalid) as exc:
        services.draw_create_inspections(actor=county_head, draw=d)
    assert any(f"执法人员{world_officer.name}的执法证已暂扣" in e for e in exc.value.errors)
    d.refresh_from_db()
    assert not Inspection.objects.exists() and not d.inspections_created
    assert not d.target_rows.filter(inspection__isnull=False).exists()


# ---------------------------------------------------------------- item 10: who sees the draw before disclosure

def test_before_disclosure_only_owners_and_the_assigned_officers_see_targets(county_head, world, make_user):
    task, d = _drawn(county_head, quota=2)
    assigned_user, other_user = make_user(COUNTY, Role.OFFICER), make_user(COUNTY, Role.OFFICER)
    first = d.target_rows.order_by("id").first()
    mine = next(o for o in world if o.pk == first.officer_ids[0])
    mine.user = assigned_user
    mine.save()
    officer(region=COUNTY, name="未分派", user=other_user)  # an officer of the county, on no target
    expected_mine = {r.pk for r in d.target_rows.all() if mine.pk in r.officer_ids}

    def seen(user):
        return {r["row"].pk for r in sel.visible_target_rows(user, task, d)}

    everyone = {r.pk for r in d.target_rows.all()}
    assert sel.sees_draw(county_head, task) and seen(county_head) == everyone
    assert sel.sees_draw(make_user(CITY, Role.DEPARTMENT_HEAD), task)  # a superior with PLAN_EDIT runs it too
    assert not sel.sees_draw(assigned_user, task) and seen(assigned_user) == expected_mine
    assert not sel.sees_draw(other_user, task) and seen(other_user) == set()
    superior_reader = make_user(CITY, Role.READ_ONLY)
    assert not sel.sees_draw(superior_reader, task) and seen(superior_reader) == set()
    assert not sel.sees_draw(None, task) and seen(None) == set()

    services.draw_create_inspections(actor=county_head, draw=d)
    task.refresh_from_db()
    services.task_complete(actor=county_head, task=task, completed_on=date(2024, 9, 27))
    services.task_disclose(actor=county_head, task=task)
    assert sel.sees_draw(None, task) and seen(None) == everyone and seen(other_user) == everyone


def test_a_stratum_naming_the_county_itself_reads_the_same_pool_as_an_empty_one(county_head, world):
    task = create(county_head, strata=[stratum(COUNTY), stratum(label="工贸二", quota=0)])
    runs, counts, _ = enterprise_pool_runs(task)
    assert counts == {"工贸": 3, "工贸二": 0} and sum(len(ids) for _, ids in runs) == 3
