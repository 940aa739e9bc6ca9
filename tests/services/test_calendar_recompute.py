"""Importing next year's official arrangement recounts the deadlines stored while it was counted provisionally
(ADR 0028): changed where the official count differs, audited, and a second run changes nothing."""

from datetime import date

import pytest

from anjian.audit.models import AuditEvent
from anjian.calendars.recompute import deadlines_recompute
from anjian.calendars.selectors import work_calendar
from anjian.calendars.services import calendar_import
from anjian.domain.permissions import Role
from anjian.draws import services
from anjian.draws.examples import seed_004_task_fields
from anjian.draws.models import RandomInspectionTask
from anjian.regions.models import Agency

pytestmark = pytest.mark.django_db

# 春节 2027 as an office might publish it: 2/5-2/11 off, Sat 2/20 worked.
CSV_2027 = "日期,类型,名称\n" + "".join(f"2027-02-{d:02d},休,春节\n" for d in range(5, 12)) + "2027-02-20,班,春节调休\n"


@pytest.fixture(autouse=True)
def pool(db):
    from tests.services.test_draws import make_pool

    make_pool(per_stratum_extra=0)  # a task is saved only when its pool holds its quotas


def completed_task(head, completed_on: date, deadline: date | None = None, disclosed_on=None) -> RandomInspectionTask:
    task = services.task_create(actor=head, agency=Agency.objects.get(region_id="410000"), **seed_004_task_fields())
    RandomInspectionTask.objects.filter(pk=task.pk).update(
        status="completed", completed_on=completed_on, disclosed_on=disclosed_on,
        disclosure_deadline=deadline or work_calendar().add_workdays(completed_on, 5))
    task.refresh_from_db()
    return task


def test_import_recounts_provisional_deadlines_once_and_audits(make_user, settings, client):
    settings.ANJIAN_DRAW_DISCLOSURE_WORKDAYS = 5
    head = make_user("410000", Role.DEPARTMENT_HEAD)
    admin = make_user("410000", Role.SYSTEM_ADMIN)
    # Provisionally: 除夕 2/5 .. 初三 2/8 and the make-up days 2/9, 2/10 are off → 2/4, 2/11, 2/12, 2/15, 2/16.
    task = completed_task(head, date(2027, 2, 3))
    assert task.disclosure_deadline == date(2027, 2, 16)
    done = completed_task(head, date(2027, 2, 3), disclosed_on=date(2027, 2, 4))  # closed: left alone
    old_year = completed_task(head, date(2025, 3, 3))  # official all along: left alone

    client.force_login(head)
    answer = client.get(f"/api/v1/draws/tasks/{task.pk}").json()
    assert answer["disclosure_deadline"] == "2027-02-16" and answer["disclosure_deadline_provisional"] is True
    assert "暂按法定节假日计算，待2027年放假安排公布后更新" in client.get(f"/draws/{task.pk}/").content.decode()

    calendar_import(actor=admin, content=CSV_2027.encode())

    answer = client.get(f"/api/v1/draws/tasks/{task.pk}").json()
    assert answer["disclosure_deadline"] == "2027-02-17" and answer["disclosure_deadline_provisional"] is False
    assert "暂按" not in client.get(f"/draws/{task.pk}/").content.decode()

    task.refresh_from_db()
    assert task.disclosure_deadline == date(2027, 2, 17)  # 2/4, 2/12, 2/15, 2/16, 2/17
    assert work_calendar().provisional_year(task.completed_on, task.disclosure_deadline) is None
    done.refresh_from_db()
    old_year.refresh_from_db()
    assert done.disclosure_deadline == date(2027, 2, 16) and old_year.disclosure_deadline == date(2025, 3, 10)
    event = AuditEvent.objects.get(verb="draw_task_deadline_recompute")
    assert event.actor_id == admin.pk and event.target_id == str(task.pk)
    assert event.payload["old"] == {"disclosure_deadline": "2027-02-16"}
    assert event.payload["new"]["disclosure_deadline"] == "2027-02-17"
    assert AuditEvent.objects.get(verb="calendar_deadlines_recompute").payload["new"]["draw_task_disclosure"] == 1

    assert deadlines_recompute(actor=admin, years=[2027]) == {"draw_task_disclosure": 0}  # idempotent
    assert AuditEvent.objects.filter(verb="draw_task_deadline_recompute").count() == 1
