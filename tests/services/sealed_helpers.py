"""A county task drawn and planned (生成检查计划), its inspection carried out up to rectification, not disclosed;
with the users on either side of the rule (ADR 0023). Shared by the services and web tests."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from anjian.domain.permissions import Role
from anjian.draws import services as draws
from anjian.draws.models import Draw, RandomInspectionTask
from anjian.enterprises.demo import make_uscc
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import Hazard, Inspection
from anjian.inspections.services import (
    inspection_approve,
    inspection_plan,
    inspection_record,
    inspection_start,
)
from anjian.inspections.services_hazards import hazard_add
from anjian.regions.models import Agency
from tests.services.inspection_helpers import officer

COUNTY, CITY = "411726", "411700"  # 泌阳县 and 驻马店市
SECRET = "sealed-secret-2024"


@dataclass
class Sealed:
    task: RandomInspectionTask
    draw: Draw
    inspection: Inspection  # drawn, planned, carried out, sealed
    hazard: Hazard
    ordinary: Inspection  # an annual-plan inspection of another unit: never sealed
    head: object  # the county department head who runs the task
    assigned: object  # the account of an officer on the drawn inspection's team
    insiders: dict = field(default_factory=dict)  # label → user who sees it before disclosure
    outsiders: dict = field(default_factory=dict)  # label → user who does not

    def disclose(self) -> None:
        self.task.refresh_from_db()
        draws.task_complete(actor=self.head, task=self.task, completed_on=date(2024, 9, 27))
        draws.task_disclose(actor=self.head, task=self.task)


def sealed_world(make_user) -> Sealed:
    today = timezone.localdate()
    units = Enterprise.objects.bulk_create([
        Enterprise(uscc=make_uscc(COUNTY, 700000 + k), name=f"泌阳抽查单位{k}号", region_id=COUNTY,
                   industry="industry_trade") for k in range(3)])
    team = [officer(region=COUNTY, name=f"泌阳抽查执法{i}") for i in range(4)]
    head = make_user(COUNTY, Role.DEPARTMENT_HEAD)
    task = draws.task_create(actor=head, agency=Agency.objects.get(region_id=COUNTY), year=today.year, name="保密抽查",
                             period_from=today, period_to=today + timedelta(days=90),
                             strata=[{"label": "工贸", "industries": ["industry_trade"], "quota": 1,
                                      "region_prefix": ""}])
    draws.task_commit(actor=head, task=task, secret=SECRET)
    d = draws.task_draw(actor=head, task=task, secret=SECRET)
    draws.draw_create_inspections(actor=head, draw=d)
    target = d.target_rows.select_related("inspection").get()
    inspection = target.inspection
    on_team = next(o for o in team if o.pk == int(target.officer_ids[0]))
    assigned = make_user(COUNTY, Role.OFFICER)
    on_team.user = assigned
    on_team.save()
    idle = make_user(COUNTY, Role.OFFICER)
    officer(region=COUNTY, name="未分派执法", user=idle)

    inspection = inspection_approve(actor=head, inspection=inspection, opinion="同意")  # drafts 检查方案
    inspection = inspection_start(actor=assigned, inspection=inspection, place="车间")
    hazard = hazard_add(actor=assigned, inspection=inspection, description="抽查发现：消防通道堵塞",
                        handling="deadline", deadline=today + timedelta(days=1))
    inspection = inspection_record(actor=assigned, inspection=inspection, summary="检查情况")  # 检记, 责改

    other = next(u for u in units if u.pk != inspection.enterprise_id)
    free = [o for o in team if o.pk not in {int(i) for i in target.officer_ids}]
    ordinary = inspection_plan(actor=head, enterprise=other, source="annual_plan", planned_date=today,
                               officer_ids=[o.pk for o in free])
    ordinary = inspection_approve(actor=head, inspection=ordinary)
    world = Sealed(task=task, draw=d, inspection=inspection, hazard=hazard, ordinary=ordinary, head=head,
                   assigned=assigned)
    world.insiders = {"county head": head, "city head": make_user(CITY, Role.DEPARTMENT_HEAD), "assigned": assigned}
    world.outsiders = {"county read-only": make_user(COUNTY, Role.READ_ONLY),
                       "county statistician": make_user(COUNTY, Role.STATISTICIAN),
                       "city read-only": make_user(CITY, Role.READ_ONLY),
                       "county officer not assigned": idle,
                       "county agency leader": make_user(COUNTY, Role.AGENCY_LEADER)}
    return world
