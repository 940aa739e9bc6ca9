"""Writes of officers and experts: one transaction each, audited."""

from collections.abc import Mapping

from django.db import transaction

from anjian.accounts.access import can
from anjian.accounts.selectors import agencies_writable
from anjian.audit.services import audit_record, changed, model_snapshot
from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.domain.permissions import Capability
from anjian.domain.registry import INDUSTRIES
from anjian.domain.rows import validate_officer
from anjian.officers.models import Expert, Officer
from anjian.regions.models import Department


def _department(agency, name: str, errors: list) -> Department | None:
    if not name:
        return None
    department = Department.objects.filter(agency=agency, name=name).first()
    if department is None:
        errors.append(("department", f"“{agency.name}”没有名为“{name}”的处室"))
    return department


def officer_register(*, actor, data: Mapping[str, str]) -> Officer:
    agencies = agencies_writable(actor, Capability.OFFICER_EDIT)
    clean, errors = validate_officer(data, {code: a.name for code, a in agencies.items()})
    if "certificate_number" in clean and Officer.objects.filter(
            certificate_number=clean["certificate_number"]).exists():
        errors.append(("certificate_number", f"执法证号 {clean['certificate_number']} 已存在"))
    agency = agencies.get(clean.get("agency_region", ""))
    department = _department(agency, clean.get("department", ""), errors) if agency else None
    if errors:
        raise ServiceInvalid(errors)
    clean.pop("agency_region")
    clean.pop("department", None)
    with transaction.atomic():
        officer = Officer.objects.create(agency=agency, region_id=agency.region_id, department=department, **clean)
        audit_record(actor=actor, agency=agency, verb="officer_register", target=officer,
                     new=model_snapshot(officer))
    return officer


def officer_update(*, actor, officer: Officer, data: Mapping[str, str]) -> Officer:
    if not can(actor, Capability.OFFICER_EDIT, officer.region_id):
        raise ServiceDenied("无权修改该执法人员")
    agencies = agencies_writable(actor, Capability.OFFICER_EDIT)
    values = {**{key: data.get(key) for key in data}, "certificate_number": officer.certificate_number}
    clean, errors = validate_officer(values, {code: a.name for code, a in agencies.items()})
    agency = agencies.get(clean.get("agency_region", ""))
    department = _department(agency, clean.get("department", ""), errors) if agency else None
    if errors:
        raise ServiceInvalid(errors)
    for key in ("agency_region", "department", "certificate_number"):
        clean.pop(key, None)
    with transaction.atomic():
        locked = Officer.objects.select_for_update().get(pk=officer.pk)
        before = model_snapshot(locked)
        for field, value in clean.items():
            setattr(locked, field, value)
        locked.agency, locked.region_id, locked.department = agency, agency.region_id, department
        locked.save()
        old, new = changed(before, model_snapshot(locked))
        old.pop("updated_at", None)
        new.pop("updated_at", None)
        if new:
            audit_record(actor=actor, agency=agency, verb="officer_update", target=locked, old=old, new=new)
    return locked


def expert_register(*, actor, region_code: str, name: str, specialties: list[str], affiliation: str = "",
                    title: str = "", phone: str = "") -> Expert:
    errors = []
    if not can(actor, Capability.EXPERT_EDIT, region_code):
        raise ServiceDenied("无权在该区域登记专家")
    if not name.strip():
        errors.append(("name", "缺少专家姓名"))
    unknown = [s for s in specialties if s not in INDUSTRIES]
    if unknown:
        errors.append(("specialties", f"专业领域“{unknown[0]}”不在行业领域列表中"))
    if errors:
        raise ServiceInvalid(errors)
    with transaction.atomic():
        expert = Expert.objects.create(region_id=region_code, name=name.strip(), specialties=specialties,
                                       affiliation=affiliation.strip(), title=title.strip(), phone=phone.strip())
        audit_record(actor=actor, agency=None, verb="expert_register", target=expert, new=model_snapshot(expert))
    return expert
