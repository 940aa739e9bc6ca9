"""The home page's registry figures: read from the cache between writes, never older than the last write."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anjian.domain.permissions import Role
from anjian.enterprises.selectors import enterprise_counts_for
from anjian.enterprises.services import enterprise_register, enterprise_update
from tests.services.test_audit import enterprise_data

pytestmark = pytest.mark.django_db


def _enterprise_reads(fn):
    with CaptureQueriesContext(connection) as q:
        out = fn()
    return out, sum("enterprises_enterprise" in x["sql"] for x in q.captured_queries)


def test_figures_follow_every_write_and_are_not_recounted_in_between(make_user):
    officer = make_user("411726", Role.OFFICER, username="counts-officer")
    first, reads = _enterprise_reads(lambda: enterprise_counts_for(officer))
    assert reads == 1 and first["total"] == 0
    assert _enterprise_reads(lambda: enterprise_counts_for(officer)) == (first, 0)  # no write since: the cache

    enterprise = enterprise_register(actor=officer, data=enterprise_data(1))
    after, reads = _enterprise_reads(lambda: enterprise_counts_for(officer))
    assert reads == 1 and (after["total"], after["key"], after["orange"], after["red"]) == (1, 1, 1, 0)

    enterprise_update(actor=officer, enterprise=enterprise, data=enterprise_data(1, risk_level="red"))
    assert enterprise_counts_for(officer)["red"] == 1

    other = make_user("411721", Role.OFFICER, username="counts-other-county")  # 西平县: its own scope, its own figures
    assert enterprise_counts_for(other)["total"] == 0
