"""The test flush wipes guarded rows and keeps the guards (ADR 0019).

Transactional and live-server tests end with a flush: TRUNCATE on PostgreSQL, which row triggers do not see;
on SQLite Anjian's backend drops the triggers around its DELETEs and puts them back. Issued documents, an
archived case with its rows and audit events all go, and every guard is there afterwards."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from anjian.audit.guard import guards_missing
from anjian.audit.models import AuditEvent
from anjian.cases.models import CasePayment, PenaltyCase
from anjian.documents.models import Document
from anjian.domain.permissions import Role
from tests.django_fixtures import reference_data_load
from tests.services.case_records_helpers import HOME, issue, make_case

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module", autouse=True)
def reference_data_after_module(django_db_blocker):
    """This module's flushes empty every table: put the reference data back for the tests that follow."""
    yield
    with django_db_blocker.unblock(), transaction.atomic():
        reference_data_load()


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    from anjian.regions.models import Agency

    if not Agency.objects.exists():
        with transaction.atomic():
            reference_data_load()


def test_flush_empties_guarded_tables_and_keeps_every_guard(make_user, make_enterprise):
    head = make_user(HOME, Role.DEPARTMENT_HEAD)
    case = make_case(make_enterprise(HOME), head)
    document = issue(head, case, "询笔", "询问……")
    CasePayment.objects.create(case=case, amount=100, paid_on=date(2026, 4, 10))
    PenaltyCase.objects.filter(pk=case.pk).update(status="archived")
    assert document.status == "issued" and AuditEvent.objects.exists()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM documents_document WHERE id = %s", [document.pk])

    call_command("flush", interactive=False, verbosity=0)

    assert not Document.objects.exists() and not PenaltyCase.objects.exists()
    assert not CasePayment.objects.exists() and not AuditEvent.objects.exists()
    assert guards_missing() == []


def test_the_guards_still_hold_after_a_flush(make_user, make_enterprise):
    """Runs after the previous test's flush (and its teardown flush): the triggers came back working."""
    head = make_user(HOME, Role.DEPARTMENT_HEAD)
    case = make_case(make_enterprise(HOME), head)
    document = issue(head, case, "询笔", "询问……")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM documents_document WHERE id = %s", [document.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")
