from datetime import date
from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema

from anjian.accounts.api_access import api_requires
from anjian.common.api_errors import ErrorOut
from anjian.common.api_types import Code, Id, PageIn, page_of
from anjian.common.api_types import Query as Words
from anjian.domain.permissions import Capability
from anjian.officers.selectors import OfficerFilters, officer_get_for, officer_list_for

router = Router(tags=["执法人员"])


class OfficerOut(Schema):
    id: int
    certificate_number: str
    certificate_expires: date
    name: str
    agency: str
    region_code: str
    department: str | None
    specialties: list[str]
    status: str
    in_post: bool
    gender: str
    birth_year: int | None
    education: str
    major: str


class OfficerPage(Schema):
    count: int
    page: int
    size: int
    results: list[OfficerOut]


class OfficerFilterIn(PageIn):
    region: Code = ""
    status: Code = ""
    specialty: Code = ""
    in_post: Literal["", "1", "0"] = ""  # 在岗 1, 不在岗 0
    q: Words = ""


def _out(o) -> OfficerOut:
    return OfficerOut(
        id=o.pk, certificate_number=o.certificate_number, certificate_expires=o.certificate_expires, name=o.name,
        agency=o.agency.name, region_code=o.region_id, department=o.department.name if o.department else None,
        specialties=o.specialties, status=o.status, in_post=o.in_post, gender=o.gender, birth_year=o.birth_year,
        education=o.education, major=o.major,
    )


@router.get("/", response={200: OfficerPage, 422: ErrorOut})
@api_requires(Capability.OFFICER_VIEW)
def list_officers(request: HttpRequest, filters: Query[OfficerFilterIn]):
    qs = officer_list_for(request.user, OfficerFilters(region=filters.region, status=filters.status,
                                                       specialty=filters.specialty, in_post=filters.in_post,
                                                       q=filters.q))
    count, rows = page_of(qs, filters)
    return OfficerPage(count=count, page=filters.page, size=filters.size, results=[_out(o) for o in rows])


@router.get("/{int:officer_id}", response={200: OfficerOut, 404: ErrorOut})
@api_requires(Capability.OFFICER_VIEW)
def get_officer(request: HttpRequest, officer_id: Id):
    return _out(officer_get_for(request.user, officer_id))
