"""Builders for the signature tests (services, web, API, browser): an inspection under way and drawn signatures."""

import io
import uuid
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from anjian.domain.permissions import Role
from anjian.inspections.services import inspection_approve, inspection_plan, inspection_start
from tests.services.inspection_helpers import HOME, officer


@dataclass
class Site:
    user: object  # an officer of 泌阳县 who plans and carries out the inspection
    head: object  # the department head who approved it
    inspection: object
    team: list  # the two officers (officers.Officer)


def site(make_user, make_enterprise, *, start: bool = True) -> Site:
    user = make_user(HOME, Role.OFFICER)
    head = make_user(HOME, Role.DEPARTMENT_HEAD)
    enterprise = make_enterprise(HOME, name="泌阳县恒达化工有限公司", industry="hazardous_chemicals")
    team = [officer(name="张三"), officer(name="李四")]
    inspection = inspection_plan(actor=user, enterprise=enterprise, source="annual_plan", planned_date=date.today(),
                                 officer_ids=[o.pk for o in team])
    inspection = inspection_approve(actor=head, inspection=inspection)
    if start:
        inspection = inspection_start(actor=user, inspection=inspection, place="罐区")
    return Site(user, head, inspection, team)


def drawn_png(seed: int = 0, size: tuple[int, int] = (300, 120)) -> bytes:
    """A signature as a pad draws it: dark strokes on white, different for each seed."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for i in range(4):
        draw.line([(10 + 20 * i + seed % 7, 20 + seed % 30), (120 + 30 * i, 90 - 7 * i - seed % 11)],
                  fill=(10, 10, 40 + seed % 200), width=3)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def new_id() -> uuid.UUID:
    return uuid.uuid4()


def now():
    return timezone.now()
