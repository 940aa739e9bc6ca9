"""Demo: an approved inspection tomorrow for the demo county officer, so the phone app (/field/) has one to take
along (issue 14). Idempotent: made once, found again by its place."""

from datetime import date, timedelta

from anjian.accounts.models import User
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import Inspection
from anjian.inspections.services import inspection_approve, inspection_plan
from anjian.officers.models import Officer

PLACE = "储罐区及装卸站台（现场执法演示）"


def demo_field_trip_create(today: date) -> int:
    user = User.objects.filter(username="county-officer").first()
    head = User.objects.filter(username="county-department-head").first()
    mine = Officer.objects.filter(user=user).first() if user else None
    if head is None or mine is None or Inspection.objects.filter(place=PLACE).exists():
        return 0
    if mine.status != "active" or not mine.in_post or mine.certificate_expires <= today + timedelta(days=60):
        return 0  # the account's officer cannot inspect (a demo made before the link chose officers in post)
    other = (Officer.objects.filter(agency=mine.agency, status="active", in_post=True, user__isnull=True,
                                    certificate_expires__gt=today + timedelta(days=60)).order_by("pk").first())
    here = Enterprise.objects.filter(region_id=mine.agency.region_id, status="operating").order_by("pk")
    enterprise = (here.filter(industry="hazardous_chemicals", longitude__isnull=False).first() or here.first())
    if other is None or enterprise is None:
        return 0
    inspection = inspection_plan(actor=user, enterprise=enterprise, source="annual_plan",
                                 planned_date=today + timedelta(days=1), officer_ids=[mine.pk, other.pk],
                                 leader_id=mine.pk, place=PLACE)
    inspection_approve(actor=head, inspection=inspection, opinion="同意（演示）", notice_date=today)
    return 1
