"""Prepare the fresh PostgreSQL database of the many-machines test (tests/multi/test_two_servers.py).

    DATABASE_URL=postgres://…/anjian_multi_xxxx python -m tests.multi.prepare

Runs in its own process (the test process holds pytest's test database): migrate, regions and calendar, the one
demo officer the test signs in as (county-officer, 泌阳县, demo password), one enterprise, DRAFTS drafts of 责改 for
the two servers to issue at once, and an API token. Prints one JSON line: {"drafts": [...], "token": "..."}.
"""

import json
import os
import sys

DRAFTS = 20
CONTENT = {"inspection_date": "2026-06-01",
           "problems": [{"text": "配电箱未接地", "deadline": "2026-06-30"}],
           "inspectors": [{"name": "张执法", "certificate": "41172600000001"},
                          {"name": "李执法", "certificate": "41172600000002"}]}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from anjian.accounts.services import user_create, user_issue_api_token
    from anjian.documents.services import document_draft
    from anjian.domain.permissions import Role
    from anjian.enterprises.demo import make_uscc
    from anjian.enterprises.models import Enterprise
    from anjian.home.demo import DEMO_PASSWORD
    from anjian.regions.models import Agency

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_regions", stdout=sys.stderr)
    call_command("seed_calendar", stdout=sys.stderr)
    agency = Agency.objects.get(region_id="411726")
    officer = user_create(actor=None, username="county-officer", full_name="泌阳县执法人员（演示）",
                          password=DEMO_PASSWORD, agency=agency, roles=[Role.OFFICER])
    enterprise = Enterprise.objects.create(region_id="411726", uscc=make_uscc("411726", 990001),
                                           name="多机测试有限公司", industry="industry_trade")
    drafts = [document_draft(actor=officer, agency=agency, kind_code="责改", enterprise=enterprise,
                             content=CONTENT).pk for _ in range(DRAFTS)]
    token = user_issue_api_token(actor=officer, name="多机测试")
    print(json.dumps({"drafts": drafts, "token": token, "username": officer.username,
                      "password": DEMO_PASSWORD, "full_name": officer.full_name}))


if __name__ == "__main__":
    main()
