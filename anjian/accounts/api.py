from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from anjian.accounts.api_access import api_requires
from anjian.accounts.selectors import region_get_for, region_list_for
from anjian.common.api_errors import ErrorOut
from anjian.domain.permissions import Capability

router = Router(tags=["行政区划"])
RegionCode = Annotated[str, Field(pattern=r"^[0-9]{6}$")]


class RegionOut(Schema):
    code: str
    name: str
    short_name: str
    level: str
    parent_code: str | None
    is_functional_zone: bool
    agency_name: str | None


def _out(region) -> RegionOut:
    agency = getattr(region, "agency", None)
    return RegionOut(code=region.code, name=region.name, short_name=region.short_name, level=region.level,
                     parent_code=region.parent_id, is_functional_zone=region.is_functional_zone,
                     agency_name=agency.name if agency else None)


@router.get("/", response=list[RegionOut])
@api_requires(Capability.REGION_VIEW)
def list_regions(request: HttpRequest, level: Literal["province", "city", "county"] | None = None):
    qs = region_list_for(request.user).select_related("agency")
    if level:
        qs = qs.filter(level=level)
    return [_out(r) for r in qs]


@router.get("/{code}", response={200: RegionOut, 404: ErrorOut})
@api_requires(Capability.REGION_VIEW)
def get_region(request: HttpRequest, code: RegionCode):
    return _out(region_get_for(request.user, code))
