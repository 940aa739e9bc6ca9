"""The archived-case guard in the database (ADR 0019): plain SQL can neither delete an archived case nor add,
change, move or delete any row of its file — on SQLite as on PostgreSQL."""

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction

from anjian.audit.guard import guards_missing
from anjian.cases.guard_sql import CHILDREN
from anjian.cases.models import (
    CaseExtension,
    CaseFileCheck,
    CaseInvestigation,
    CaseOfficer,
    CasePayment,
    CaseTransfer,
    PenaltyCase,
)
from anjian.domain.permissions import Role
from anjian.inspections.models import Hazard, Inspection
from tests.services.case_records_helpers import HOME, make_case
from tests.services.inspection_helpers import officer

pytestmark = pytest.mark.django_db
DAY = date(2026, 4, 1)


@pytest.fixture
def head(make_user):
    return make_user(HOME, Role.DEPARTMENT_HEAD)


def _file_rows(case, head, enterprise) -> dict[str, int]:
    """One row in every table that belongs to a case's file: table → row id (the hazards link: hazard id)."""
    inspection = Inspection.objects.create(enterprise=enterprise, agency=case.agency, source="random",
                                           planned_date=DAY, summary="检查储罐区")
    hazard = Hazard.objects.create(inspection=inspection, enterprise=enterprise, description="报警器失效",
                                   handling="deadline", status="escalated")
    case.hazards.add(hazard)
    rows = {
        "cases_caseofficer": CaseOfficer.objects.create(case=case, officer=officer(HOME), certificate_number="1"),
        "cases_caseinvestigation": CaseInvestigation.objects.create(case=case, kind="inquiry", occurred_on=DAY,
                                                                    summary="询问"),
        "cases_caseextension": CaseExtension.objects.create(case=case, days=30, reason="复杂", approved_by=head,
                                                            approved_on=DAY, new_due=DAY),
        "cases_casepayment": CasePayment.objects.create(case=case, amount=100, paid_on=DAY),
        "cases_casetransfer": CaseTransfer.objects.create(case=case, kind="agency", receiver_name="某局",
                                                          reason="管辖", sent_on=DAY),
        "cases_casefilecheck": CaseFileCheck.objects.create(case=case, passed=True),
    }
    out = {table: row.pk for table, row in rows.items()}
    out["cases_penaltycase_hazards"] = case.hazards.through.objects.get(penaltycase=case).pk
    return out


@pytest.fixture
def archived(make_enterprise, head):
    enterprise = make_enterprise(HOME)
    case = make_case(enterprise, head)
    rows = _file_rows(case, head, enterprise)
    PenaltyCase.objects.filter(pk=case.pk).update(status="archived")  # closed → archived is allowed
    return case, rows


def refused(sql: str, params: list) -> None:
    with pytest.raises(DatabaseError, match="案件已归档"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_every_table_with_a_foreign_key_to_the_case_is_guarded():
    from anjian.cases import models

    tables = {(m._meta.db_table, f.column) for m in (getattr(models, n) for n in dir(models))
              if isinstance(m, type) and hasattr(m, "_meta") and not m._meta.abstract
              for f in m._meta.get_fields()
              if f.concrete and f.many_to_one and f.related_model is PenaltyCase and f.name == "case"}
    tables.add((PenaltyCase.hazards.through._meta.db_table, "penaltycase_id"))
    assert tables == set(CHILDREN)


def test_an_archived_case_cannot_be_deleted(archived):
    case, _ = archived
    refused("DELETE FROM cases_penaltycase WHERE id = %s", [case.pk])
    refused("UPDATE cases_penaltycase SET name = 'x' WHERE id = %s", [case.pk])
    assert PenaltyCase.objects.filter(pk=case.pk, status="archived").exists()


@pytest.mark.parametrize("table", [t for t, _ in CHILDREN])
def test_no_row_of_an_archived_case_can_be_deleted_or_changed(archived, table):
    case, rows = archived
    refused(f"DELETE FROM {table} WHERE id = %s", [rows[table]])
    column = dict(CHILDREN)[table]
    refused(f"UPDATE {table} SET {column} = {column} WHERE id = %s", [rows[table]])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE id = %s", [rows[table]])
        assert cursor.fetchone()[0] == 1


@pytest.mark.parametrize("table", [t for t, _ in CHILDREN])
def test_no_row_can_be_moved_into_or_out_of_an_archived_case(archived, make_enterprise, head, table):
    case, rows = archived
    enterprise = make_enterprise(HOME, name="泌阳县另一案件有限公司")
    other = make_case(enterprise, head)
    other_rows = _file_rows(other, head, enterprise)
    column = dict(CHILDREN)[table]
    refused(f"UPDATE {table} SET {column} = %s WHERE id = %s", [case.pk, other_rows[table]])  # into
    refused(f"UPDATE {table} SET {column} = %s WHERE id = %s", [other.pk, rows[table]])  # out of
    with connection.cursor() as cursor:  # the open case's rows still change and go freely
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [other_rows[table]])


def test_nothing_can_be_added_to_an_archived_case(archived):
    case, _ = archived
    with pytest.raises(DatabaseError, match="案件已归档"), transaction.atomic():
        CaseFileCheck.objects.create(case=case, passed=True)
    with pytest.raises(DatabaseError, match="案件已归档"), transaction.atomic():
        CasePayment.objects.create(case=case, amount=5, paid_on=DAY)


def test_every_guard_is_installed():
    assert guards_missing() == []
