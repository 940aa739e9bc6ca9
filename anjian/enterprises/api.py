from django.http import HttpRequest
from ninja import Query, Router, Schema

from anjian.accounts.api_access import api_requires
from anjian.common.api_errors import ErrorOut
from anjian.common.api_types import Code, Id, Name, PageIn, Short, page_of
from anjian.common.api_types import Query as Words
from anjian.domain.permissions import Capability
from anjian.enterprises.selectors import EnterpriseFilters, enterprise_get_for, enterprise_list_for
from anjian.enterprises.services import enterprise_register, enterprise_update

router = Router(tags=["生产经营单位"])


class EnterpriseOut(Schema):
    id: int
    uscc: str
    name: str
    region_code: str
    region_name: str
    industry: str
    supervision_class: str
    risk_level: str
    status: str
    liability_insured: bool
    address: str
    legal_representative: str
    contact_person: str
    contact_phone: str
    is_central_branch: bool
    is_provincially_managed: bool


class EnterprisePage(Schema):
    count: int
    page: int
    size: int
    results: list[EnterpriseOut]


class EnterpriseFilterIn(PageIn):
    region: Code = ""
    industry: Code = ""
    supervision_class: Code = ""
    risk_level: Code = ""
    status: Code = ""
    q: Words = ""


class EnterpriseIn(Schema):
    """Values as typed (the same checks as the form and the import: codes or their Chinese labels)."""

    uscc: Code = ""
    name: Name = ""
    region: Code = ""
    industry: Code = ""
    supervision_class: Code = ""
    risk_level: Code = ""
    address: Short = ""
    scale: Code = ""
    legal_representative: Name = ""
    contact_person: Name = ""
    contact_phone: Code = ""
    liability_insured: Code = "否"
    status: Code = ""
    is_central_branch: Code = "否"
    is_provincially_managed: Code = "否"
    longitude: Code = ""
    latitude: Code = ""


def _out(e) -> EnterpriseOut:
    return EnterpriseOut(
        id=e.pk, uscc=e.uscc, name=e.name, region_code=e.region_id, region_name=e.region.name,
        industry=e.industry, supervision_class=e.supervision_class, risk_level=e.risk_level, status=e.status,
        liability_insured=e.liability_insured, address=e.address, legal_representative=e.legal_representative,
        contact_person=e.contact_person, contact_phone=e.contact_phone, is_central_branch=e.is_central_branch,
        is_provincially_managed=e.is_provincially_managed,
    )


@router.get("/", response={200: EnterprisePage, 422: ErrorOut})
@api_requires(Capability.ENTERPRISE_VIEW)
def list_enterprises(request: HttpRequest, filters: Query[EnterpriseFilterIn]):
    qs = enterprise_list_for(request.user, EnterpriseFilters(
        region=filters.region, industry=filters.industry, supervision_class=filters.supervision_class,
        risk_level=filters.risk_level, status=filters.status, q=filters.q))
    count, rows = page_of(qs, filters)
    return EnterprisePage(count=count, page=filters.page, size=filters.size, results=[_out(e) for e in rows])


@router.get("/{int:enterprise_id}", response={200: EnterpriseOut, 404: ErrorOut})
@api_requires(Capability.ENTERPRISE_VIEW)
def get_enterprise(request: HttpRequest, enterprise_id: Id):
    return _out(enterprise_get_for(request.user, enterprise_id))


@router.post("/", response={201: EnterpriseOut, 422: ErrorOut})
@api_requires(Capability.ENTERPRISE_EDIT)
def create_enterprise(request: HttpRequest, payload: EnterpriseIn):
    return 201, _out(enterprise_register(actor=request.user, data=payload.dict()))


@router.put("/{int:enterprise_id}", response={200: EnterpriseOut, 404: ErrorOut, 422: ErrorOut})
@api_requires(Capability.ENTERPRISE_EDIT)
def update_enterprise(request: HttpRequest, enterprise_id: Id, payload: EnterpriseIn):
    enterprise = enterprise_get_for(request.user, enterprise_id, Capability.ENTERPRISE_EDIT)
    return _out(enterprise_update(actor=request.user, enterprise=enterprise, data=payload.dict()))
