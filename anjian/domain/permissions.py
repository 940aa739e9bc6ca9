"""Capabilities and the role → capabilities table (data, not code paths).

Every view and API route declares one capability (or is explicitly public). A user holds roles per
agency; a role grants its capabilities over that agency's region and the regions below it.
System, security and audit administration are three separate roles (三员分立).
"""

from enum import StrEnum


class Capability(StrEnum):
    DASHBOARD_VIEW = "dashboard.view"
    REGION_VIEW = "region.view"
    ENTERPRISE_VIEW = "enterprise.view"
    ENTERPRISE_EDIT = "enterprise.edit"
    ENTERPRISE_IMPORT = "enterprise.import"
    ENTERPRISE_EXPORT = "enterprise.export"
    OFFICER_VIEW = "officer.view"
    OFFICER_EDIT = "officer.edit"
    OFFICER_IMPORT = "officer.import"
    EXPERT_VIEW = "expert.view"
    EXPERT_EDIT = "expert.edit"
    CALENDAR_VIEW = "calendar.view"
    CALENDAR_MANAGE = "calendar.manage"
    USER_MANAGE = "user.manage"
    AUDIT_VIEW = "audit.view"
    PROFILE = "profile"  # one's own account: password, API token
    JOB_MANAGE = "job.manage"  # background jobs of the whole agency (its system administrator)
    INSPECTION_VIEW = "inspection.view"
    INSPECTION_EDIT = "inspection.edit"  # plan, carry out and record inspections, hazards, evidence
    INSPECTION_APPROVE = "inspection.approve"
    DOCUMENT_VIEW = "document.view"
    DOCUMENT_ISSUE = "document.issue"  # draft, issue, correct and void enforcement documents
    DOCUMENT_TEMPLATE_MANAGE = "document.template_manage"
    CHECKLIST_MANAGE = "checklist.manage"
    HANDOVER_ACT = "handover.act"  # receive and act on handover forms
    LISTED_SUPERVISION = "listed_supervision.manage"  # list, follow and delist major hazards
    PLAN_VIEW = "plan.view"  # annual plans, random-inspection tasks, draws, campaigns
    PLAN_EDIT = "plan.edit"  # draft plans, define tasks and item lists, run draws, arrange campaigns
    PLAN_APPROVE = "plan.approve"  # approve, file and publish plans; approve campaign arrangements
    STATS_VIEW = "stats.view"  # statistics, rankings and bulletins (通报)
    CASE_VIEW = "case.view"  # penalty cases, their deadlines and files
    CASE_EDIT = "case.edit"  # propose, investigate, notify, record service, payment and transfers
    CASE_APPROVE = "case.approve"  # approve filing, extensions, decisions, closing and archiving
    CASE_LEGAL_REVIEW = "case.legal_review"  # 法制审核
    DISCRETION_MANAGE = "discretion.manage"  # maintain discretion benchmarks
    GUIDANCE_VIEW = "guidance.view"  # enforcement guidance reviews (given or received) and typical cases
    GUIDANCE_MANAGE = "guidance.manage"  # schedule and carry out reviews, issue letters; respond to them
    CREDIT_MANAGE = "credit.manage"  # record and lift credit sanctions (黑名单 / 失信联合惩戒)


class Role(StrEnum):
    SYSTEM_ADMIN = "system_admin"
    SECURITY_ADMIN = "security_admin"
    AUDIT_ADMIN = "audit_admin"
    AGENCY_LEADER = "agency_leader"
    DEPARTMENT_HEAD = "department_head"
    OFFICER = "officer"
    LEGAL_REVIEWER = "legal_reviewer"
    STATISTICIAN = "statistician"
    READ_ONLY = "read_only"


ROLE_LABELS: dict[Role, str] = {
    Role.SYSTEM_ADMIN: "系统管理员",
    Role.SECURITY_ADMIN: "安全管理员",
    Role.AUDIT_ADMIN: "安全审计员",
    Role.AGENCY_LEADER: "单位负责人",
    Role.DEPARTMENT_HEAD: "处室（科室）负责人",
    Role.OFFICER: "执法人员",
    Role.LEGAL_REVIEWER: "法制审核人员",
    Role.STATISTICIAN: "统计人员",
    Role.READ_ONLY: "只读用户",
}

C = Capability
_READ = {C.DASHBOARD_VIEW, C.REGION_VIEW, C.ENTERPRISE_VIEW, C.OFFICER_VIEW, C.EXPERT_VIEW, C.CALENDAR_VIEW,
         C.INSPECTION_VIEW, C.DOCUMENT_VIEW, C.PLAN_VIEW, C.CASE_VIEW, C.GUIDANCE_VIEW}
_ENFORCE = {C.INSPECTION_EDIT, C.DOCUMENT_ISSUE, C.HANDOVER_ACT, C.CASE_EDIT}
_READ |= {C.STATS_VIEW}  # every reading role sees statistics and bulletins (通报)

ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    # System admin keeps reference data (calendar) but neither users nor the audit log.
    Role.SYSTEM_ADMIN: frozenset({C.DASHBOARD_VIEW, C.REGION_VIEW, C.CALENDAR_VIEW, C.CALENDAR_MANAGE,
                                  C.CHECKLIST_MANAGE, C.DOCUMENT_TEMPLATE_MANAGE, C.JOB_MANAGE}),
    # Security admin manages accounts and roles only.
    Role.SECURITY_ADMIN: frozenset({C.DASHBOARD_VIEW, C.REGION_VIEW, C.USER_MANAGE}),
    # Audit admin reads the audit log only.
    Role.AUDIT_ADMIN: frozenset({C.DASHBOARD_VIEW, C.AUDIT_VIEW}),
    Role.AGENCY_LEADER: frozenset(_READ | {C.ENTERPRISE_EXPORT, C.INSPECTION_APPROVE, C.LISTED_SUPERVISION,
                                           C.PLAN_APPROVE, C.CREDIT_MANAGE, C.CASE_APPROVE, C.GUIDANCE_MANAGE}),
    Role.DEPARTMENT_HEAD: frozenset(
        _READ
        | {C.ENTERPRISE_EDIT, C.ENTERPRISE_IMPORT, C.ENTERPRISE_EXPORT, C.OFFICER_EDIT, C.OFFICER_IMPORT}
        | {C.EXPERT_EDIT, C.INSPECTION_APPROVE, C.LISTED_SUPERVISION, C.PLAN_EDIT, C.CASE_APPROVE, C.GUIDANCE_MANAGE}
        | {C.CREDIT_MANAGE}
        | _ENFORCE
    ),
    Role.OFFICER: frozenset(_READ | {C.ENTERPRISE_EDIT, C.ENTERPRISE_IMPORT, C.ENTERPRISE_EXPORT} | _ENFORCE),
    Role.LEGAL_REVIEWER: frozenset(_READ | {C.CASE_LEGAL_REVIEW, C.DISCRETION_MANAGE}),
    Role.STATISTICIAN: frozenset(_READ | {C.ENTERPRISE_EXPORT}),
    Role.READ_ONLY: frozenset(_READ),
}
for _role in ROLE_CAPABILITIES:
    ROLE_CAPABILITIES[_role] = ROLE_CAPABILITIES[_role] | {C.PROFILE}


# 三员分立: system, security and audit administration are held by different people.
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
SEPARATION_ERROR = "系统管理员、安全管理员、安全审计员须由不同人员担任（三员分立），同一账号只能担任其中一种"


def violates_separation(roles) -> bool:
    """True when one account would hold more than one of the three administrator roles."""
    return len({Role(r) for r in roles} & ADMIN_ROLES) > 1


def capabilities_of(roles: set[Role] | frozenset[Role]) -> frozenset[Capability]:
    out: set[Capability] = set()
    for role in roles:
        out |= ROLE_CAPABILITIES[role]
    return frozenset(out)
