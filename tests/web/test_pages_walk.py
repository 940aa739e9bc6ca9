"""Every page route of the URLconf, opened with the demo data by the demo logins: never a server error, and every
page that answers has a title. Ids are those of real demo records (泌阳县's where the record has a place), so
detail pages, their forms and downloads render with content instead of answering 404.

The demo (`demo_data` at a small size, the 2023 campaign and the inspection item lists, as `bootstrap` makes
them) is built once for the module and rolled back after it."""

import re
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import FieldError
from django.urls import URLPattern, URLResolver, get_resolver

from tests.django_fixtures import stub_document_pdfs

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_walk")]  # one worker builds the demo

HOME = "411726"  # 泌阳县, where the demo's inspections, cases and documents live
# The model of a route's <pk>, by the route's beginning (the longest that matches).
PK_MODELS = {
    "accounts/tokens/": "accounts.ApiToken", "accounts/users/": "accounts.User",
    "enterprises/": "enterprises.Enterprise", "officers/": "officers.Officer", "officers/experts/": "officers.Expert",
    "documents/": "documents.Document", "inspections/": "inspections.Inspection",
    "field/inspections/": "inspections.Inspection",
    "supervision/assignments/": "supervision.CrossRegionAssignment", "supervision/inspections/": "inspections.Inspection",
    "supervision/handovers/": "supervision.HandoverForm", "supervision/listings/": "supervision.ListedSupervision",
    "cases/": "cases.PenaltyCase", "cases/discretion/": "cases.DiscretionEntry", "cases/transfers/": "cases.CaseTransfer",
    "public/penalties/": "cases.PenaltyCase", "guidance/": "guidance.GuidanceReview",
    "guidance/typical/": "guidance.TypicalCase", "planning/": "planning.AnnualPlan",
    "planning/items/": "planning.InspectionItemList", "draws/": "draws.RandomInspectionTask",
    "campaigns/": "campaigns.Campaign", "credit/": "credit.CreditSanction",
}
# The model of every other id, by its name (item_id by where it appears).
ID_MODELS = {
    "signature_id": "signatures.Signature",
    "assignment_id": "accounts.RoleAssignment", "into": "inspections.Inspection", "hazard_id": "inspections.Hazard",
    "evidence_id": "inspections.Evidence", "enterprise_id": "enterprises.Enterprise",
    "request_id": "inspections.ExtensionRequest", "entry_pk": "planning.PlanEntry",
    "item_pk": "planning.InspectionListItem", "draw_pk": "draws.Draw", "round_pk": "campaigns.CampaignRound",
    "pairing_pk": "campaigns.CampaignPairing",
}
TEXT_VALUES = {"code": "责改", "which": "arrangement", "fmt": "xlsx"}
# Where a record lies, tried in turn to pick one of 泌阳县's.
PLACES = ("region_id", "agency__region_id", "enterprise__region_id", "home_agency__region_id",
          "inspection__agency__region_id", "hazard__inspection__agency__region_id", "case__agency__region_id",
          "subordinate__region_id")
# One login per role at each level that has it, and an officer of a sibling county (everything reads 404).
LOGINS = ["county-department-head", "county-officer", "county-legal-reviewer", "county-agency-leader",
          "county-statistician", "county-read-only", "city-agency-leader", "city-department-head",
          "prov-statistician", "prov-read-only", "prov-system-admin", "prov-security-admin", "prov-audit-admin",
          "county2-officer"]
TITLE = re.compile(r"<title>\s*(\S[^<]*?)\s*</title>")


def routes(patterns=None, prefix=""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def page_routes() -> list[str]:
    return [r for r in routes() if not r.startswith(("api/", "^")) and "logout" not in r]


def pick(label: str, parents: dict) -> int | None:
    """A record of `label`: one under the ids already chosen for the route if it points at them, else one of
    泌阳县's, else any."""
    model = apps.get_model(label)
    rows = model.objects.order_by("pk")
    if label in parents:  # a second record of the same kind (join an inspection into another)
        rows = rows.exclude(pk=parents[label])
    for field in model._meta.concrete_fields:
        related = field.related_model._meta.label if field.many_to_one else None
        if related in parents and related != label:
            rows = rows.filter(**{field.name: parents[related]})
    if label == "inspections.Inspection" and not parents:  # one with hazards, evidence and documents
        found = apps.get_model("inspections.Hazard").objects.filter(
            inspection__agency__region_id=HOME).values_list("inspection_id", flat=True).order_by("pk").first()
        if found is not None:
            return found
    if label == "accounts.User":
        rows = rows.filter(username="county-officer")
    for place in PLACES:
        try:
            found = rows.filter(**{place: HOME}).values_list("pk", flat=True).first()
        except FieldError:
            continue
        if found is not None:
            return found
    return rows.values_list("pk", flat=True).first()


def fill(route: str) -> tuple[str, list[str]]:
    """The route with real ids (or 999999 when the demo has no such record) and the ids it lacked."""
    parents, missing = {}, []

    def one(match) -> str:
        kind, name = match.group(1), match.group(2)
        if kind == "str":
            return TEXT_VALUES.get(name, "x")
        if kind == "uuid":  # a background job's public id (the demo's one job, the county officer's)
            found = apps.get_model("jobs.Job").objects.values_list("public_id", flat=True).order_by("pk").first()
            if found is None:
                missing.append(f"{name}:jobs.Job")
            return str(found or "00000000-0000-0000-0000-000000000000")
        if name == "pk":
            label = PK_MODELS[max((p for p in PK_MODELS if route.startswith(p)), key=len)]
        elif name == "item_id":
            label = "inspections.ChecklistItem" if route.startswith("inspections/") else "supervision.HandoverItem"
        else:
            label = ID_MODELS[name]
        if label == "inspections.Evidence" and "supervision.ListedSupervision" in parents:
            parents["inspections.Hazard"] = apps.get_model("supervision.ListedSupervision").objects.get(
                pk=parents["supervision.ListedSupervision"]).hazard_id
        found = pick(label, parents)
        if found is None:
            missing.append(f"{name}:{label}")
            return "999999"
        parents[label] = found
        return str(found)

    return "/" + re.sub(r"<(?:(int|str|uuid):)?([a-z_]+)>", one, route), missing


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo as `bootstrap` makes it (800 enterprises), once for the module, rolled back after it."""
    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as mp:
        stub_document_pdfs(mp)
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            for command, options in (("planning_seed_items", {}), ("demo_data", {"enterprises": 800, "seed": 7}),
                                     ("load_campaign_2023", {}), ("remind", {})):
                call_command(command, stdout=StringIO(), **options)
            from anjian.accounts.models import User
            from anjian.jobs.services import job_submit

            job_submit(actor=User.objects.get(username="county-officer"), kind="home.remind", params={},
                       title="每日期限提醒")
            yield {route: fill(route) for route in page_routes()}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_the_walk_covers_every_page_route_and_the_demo_has_most_records(demo):
    assert len(demo) >= 200
    missing = {m for _, lacks in demo.values() for m in lacks}
    assert missing <= {"pk:accounts.ApiToken", "pk:supervision.CrossRegionAssignment",
                       "pk:supervision.HandoverForm", "pk:supervision.ListedSupervision",
                       "item_id:supervision.HandoverItem", "pk:planning.AnnualPlan", "entry_pk:planning.PlanEntry",
                       "pk:draws.RandomInspectionTask", "draw_pk:draws.Draw", "request_id:inspections.ExtensionRequest",
                       "pk:cases.CaseTransfer", "pk:guidance.TypicalCase", "evidence_id:inspections.Evidence",
                       "signature_id:signatures.Signature"}, missing


@pytest.mark.parametrize("username", LOGINS)
def test_every_page_route_answers_without_a_server_error_and_pages_have_a_title(client, demo, username):
    from anjian.accounts.models import User

    client.force_login(User.objects.get(username=username))
    client.raise_request_exception = False
    failures, opened = [], 0
    for route, (path, _) in sorted(demo.items()):
        response = client.get(path)
        if response.status_code >= 500 and not (route == "readyz" and response.status_code == 503):  # no worker
            failures.append(f"GET {path} ({route}) → {response.status_code}")
        elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            opened += 1
            page = response.content.decode()
            if TITLE.search(page) is None:
                failures.append(f"GET {path} ({route}): no title")
            if "{#" in page:  # a template comment spanning lines is printed, not dropped
                failures.append(f"GET {path} ({route}): a raw template comment")
    assert "\n".join(failures) == ""
    assert opened >= 10  # every login opens its home page, profile, lists …


NAV = re.compile(r"<nav>(.*?)</nav>", re.S)
HREF = re.compile(r'href="([^"]+)"')


def test_every_navigation_link_of_every_demo_login_opens(client, demo):
    """The navigation shows only what the user may open: no link of any demo login answers 403 (or 404)."""
    from anjian.accounts.models import User

    client.raise_request_exception = False
    failures, logins = [], 0
    for user in User.objects.filter(is_active=True, role_assignments__isnull=False).distinct().order_by("username"):
        client.force_login(user)
        nav = NAV.search(client.get("/home/").content.decode())
        if nav is None:
            continue
        logins += 1
        for href in HREF.findall(nav.group(1)):
            status = client.get(href).status_code
            if status in (403, 404):
                failures.append(f"{user.username}: {href} → {status}")
    assert "\n".join(failures) == ""
    assert logins >= 20
