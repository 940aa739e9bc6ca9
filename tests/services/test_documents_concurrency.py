"""Concurrent number allocation and issuing on PostgreSQL: each thread has its own connection."""

import threading

import pytest
from django.db import connection, connections, transaction

from anjian.documents.models import Document, DocumentKind, NumberCounter
from anjian.documents.numbering import number_allocate
from anjian.domain.numbering import parse_number
from anjian.domain.permissions import Role
from anjian.regions.models import Agency
from tests.django_fixtures import reference_data_load

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (row locks across connections)"),
]


def reload_reference_data() -> None:
    if not Agency.objects.exists() or not DocumentKind.objects.exists():
        with transaction.atomic():
            reference_data_load()


@pytest.fixture(scope="module", autouse=True)
def reference_data_after_module(django_db_blocker):
    """Transactional tests end with a flush that empties every table: put the reference data back afterwards
    so that the tests running later in the session still find regions, calendars and the document catalog."""
    yield
    with django_db_blocker.unblock():
        reload_reference_data()


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    reload_reference_data()  # a previous test of this module flushed it


def run_threads(n: int, work) -> tuple[list, list]:
    barrier = threading.Barrier(n)
    results, errors = [], []
    lock = threading.Lock()

    def worker(i: int):
        try:
            barrier.wait()
            value = work(i)
            with lock:
                results.append(value)
        except Exception as exc:
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results, errors


def test_fifty_concurrent_allocations_give_one_to_fifty_without_gaps_or_duplicates():
    agency = Agency.objects.get(region_id="411726")
    kind = DocumentKind.objects.get(code="责改")

    def allocate(_):
        with transaction.atomic():
            return number_allocate(agency=agency, kind=kind, year=2031)

    results, errors = run_threads(50, allocate)
    assert errors == []
    assert sorted(seq for seq, _ in results) == list(range(1, 51))
    assert {parse_number(number).seq for _, number in results} == set(range(1, 51))
    assert NumberCounter.objects.get(agency=agency, kind=kind, year=2031).last_seq == 50


def test_concurrent_issues_number_every_document_once(make_user, make_enterprise):
    from anjian.documents.services import document_draft, document_issue

    agency = Agency.objects.get(region_id="411726")
    officer = make_user("411726", Role.OFFICER)
    enterprise = make_enterprise("411726")
    content = {"inspection_date": "2024-06-01", "problems": [{"text": "问题", "deadline": "2024-06-30"}],
               "inspectors": [{"name": "甲", "certificate": "1"}, {"name": "乙", "certificate": "2"}]}
    drafts = [document_draft(actor=officer, agency=agency, kind_code="责改", enterprise=enterprise, content=content)
              for _ in range(6)]
    # the same draft twice in the race as well: it must be issued once, the second attempt refused
    targets = drafts + [drafts[0]]
    results, errors = run_threads(len(targets), lambda i: document_issue(actor=officer, document=targets[i]).number)
    assert len(errors) == 1 and "不能重复签发" in str(errors[0])
    seqs = sorted(Document.objects.filter(status="issued").values_list("seq", flat=True))
    assert seqs == list(range(1, 7)) and len(set(results)) == 6
