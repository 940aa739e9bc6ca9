"""Writes of enterprises: one transaction each, audited."""

from collections.abc import Mapping

from django.db import transaction

from anjian.accounts.access import can
from anjian.accounts.selectors import region_levels_writable
from anjian.audit.services import audit_record, changed, model_snapshot
from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.domain.permissions import Capability
from anjian.domain.rows import validate_enterprise
from anjian.enterprises.models import Enterprise, MajorHazardInstallation
from anjian.regions.models import Agency


def agency_for_region(region_code: str) -> Agency | None:
    return Agency.objects.filter(region_id=region_code).first()


def enterprise_register(*, actor, data: Mapping[str, str]) -> Enterprise:
    """Register a new enterprise from typed values (form or API)."""
    clean, errors = validate_enterprise(data, region_levels_writable(actor, Capability.ENTERPRISE_EDIT))
    if not errors and Enterprise.objects.filter(uscc=clean["uscc"]).exists():
        errors.append(("uscc", f"统一社会信用代码 {clean['uscc']} 已登记，请勿重复录入"))
    if errors:
        raise ServiceInvalid(errors)
    region_code = clean.pop("region")
    with transaction.atomic():
        enterprise = Enterprise.objects.create(region_id=region_code, **clean)
        audit_record(actor=actor, agency=agency_for_region(region_code), verb="enterprise_register",
                     target=enterprise, new=model_snapshot(enterprise))
    return enterprise


def enterprise_update(*, actor, enterprise: Enterprise, data: Mapping[str, str]) -> Enterprise:
    """Change an enterprise's registry data; the USCC never changes."""
    if not can(actor, Capability.ENTERPRISE_EDIT, enterprise.region_id):
        raise ServiceDenied("无权修改该单位")
    values = {**{key: data.get(key) for key in data}, "uscc": enterprise.uscc}
    clean, errors = validate_enterprise(values, region_levels_writable(actor, Capability.ENTERPRISE_EDIT))
    if errors:
        raise ServiceInvalid(errors)
    clean.pop("uscc")
    region_code = clean.pop("region")
    with transaction.atomic():
        locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        before = model_snapshot(locked)
        for field, value in clean.items():
            setattr(locked, field, value)
        locked.region_id = region_code
        locked.save()
        old, new = changed(before, model_snapshot(locked))
        old.pop("updated_at", None)
        new.pop("updated_at", None)
        if new:
            audit_record(actor=actor, agency=agency_for_region(region_code), verb="enterprise_update",
                         target=locked, old=old, new=new)
    return locked


def hazard_installation_add(*, actor, enterprise: Enterprise, name: str, grade: str, record_number: str = "",
                            substances: str = "") -> MajorHazardInstallation:
    if not can(actor, Capability.ENTERPRISE_EDIT, enterprise.region_id):
        raise ServiceDenied("无权修改该单位")
    errors = []
    if not name.strip():
        errors.append(("name", "缺少重大危险源名称"))
    if grade not in {"1", "2", "3", "4"}:
        errors.append(("grade", "重大危险源等级应为一级至四级"))
    if errors:
        raise ServiceInvalid(errors)
    with transaction.atomic():
        installation = MajorHazardInstallation.objects.create(
            enterprise=enterprise, name=name.strip(), grade=grade, record_number=record_number.strip(),
            substances=substances.strip())
        audit_record(actor=actor, agency=agency_for_region(enterprise.region_id), verb="hazard_installation_add",
                     target=enterprise, new=model_snapshot(installation))
    return installation
