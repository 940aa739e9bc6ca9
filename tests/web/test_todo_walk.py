"""Every to-do item of every demo login leads to a page where that user has the action — a form (or the button
opening it) for that step in the page's main part — or is an item to press others on (督促), marked as such."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from anjian.accounts.models import User
from anjian.domain.todo import KINDS
from anjian.home.demo import demo_logins
from anjian.home.todo import todo_list

pytestmark = pytest.mark.django_db

READ_ACTIONS = {"security_review"}  # the action is reading the listed events (the audit log is the page)
ANY_FORM = ""  # the page is the step's own form (its action is the page itself) or offers several ways on
# kind → what the action's form posts to (or the button opening it links to), found in the page's main part
ACTION = {
    "inspection_approve": "/approve/", "extension_decide": ANY_FORM, "reinspection": ANY_FORM,
    "case_filing": "/file/approve/", "case_legal_review": "/legal-review/", "case_discussion": "/discussion/",
    "case_decide": "/decide/", "case_submit": "/submit/", "case_serve": "/serve/", "case_overdue": ANY_FORM,
    "case_disclose": ("/disclosure/", "/documents/issue/"),  # a decision not yet issued is issued first
    "document_issue": "/issue/", "handover_acknowledge": "/acknowledge/", "handover_act": "/act/",
    "listing_due": ("/delist/", "/progress/"), "draw_disclose": "/disclose/", "plan_approve": ("/approve/", "/submit/"),
    "plan_file": "/file/", "plan_publish": "/publish/", "campaign_report": "/deadlines/done/",
    "guidance_start": "/start/", "guidance_letter": "/letter/", "guidance_report": "/respond/",
    "guidance_close": "/close/", "returned": ANY_FORM, "account_locked": "/unlock/",
    "calendar_missing": "/calendar/import/",
}
MAIN = re.compile(r"<main>(.*)</main>", re.S)
TARGETS = re.compile(r'<form[^>]*method="post"[^>]*>|<a [^>]*href="[^"]*"[^>]*>', re.I)


def has_action(main: str, kind: str) -> bool:
    posts = [t for t in TARGETS.findall(main) if t.lower().startswith("<form")]
    if ACTION[kind] == ANY_FORM:
        return bool(posts)
    wanted = ACTION[kind] if isinstance(ACTION[kind], tuple) else (ACTION[kind],)
    return any(w in t for t in TARGETS.findall(main) for w in wanted)


def test_every_kind_has_its_action_named():
    assert set(KINDS) - {"rectification_overdue"} - READ_ACTIONS == set(ACTION)  # 督促逾期整改 is read-only


def test_every_demo_to_do_item_leads_to_its_action(client):
    for command, options in (("demo_data", {"enterprises": 800, "seed": 7}), ("load_campaign_2023", {})):
        call_command(command, stdout=StringIO(), **options)
    today, missing, checked = timezone.localdate(), [], 0
    for username, _, _ in demo_logins():
        user = User.objects.get(username=username)
        client.force_login(user)
        home = client.get("/home/").content.decode()
        for item in todo_list(user, today).items:
            if item.supervise:  # read-only: shown as 督促; a subordinate's only once overdue, labelled
                assert item.action.startswith("督促") and (item.overdue or not item.agency), (username, item)
                assert f'data-kind="{item.kind}" data-supervise="1"' in home, (username, item)
                continue
            assert not item.agency, (username, item)  # nobody acts on another agency's step
            response = client.get(item.link)
            assert response.status_code == 200, (username, item.kind, item.link, response.status_code)
            checked += 1
            if item.kind not in READ_ACTIONS and not has_action(MAIN.search(response.content.decode()).group(1),
                                                                item.kind):
                missing.append((username, item.kind, item.link))
    assert checked > 20 and missing == []
