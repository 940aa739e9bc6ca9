"""Every page, for every demo-like login, answers 200 or an intended 403/404 — never a 500 — and the
pages people use most do what they say (filters, paging, forms, calendar, audit, API)."""

import json
import re
from datetime import date

import pytest

from anjian.accounts.access import has_capability
from anjian.domain.identifiers import region_prefix
from anjian.domain.permissions import Capability, Role
from anjian.enterprises.demo import make_uscc
from anjian.enterprises.models import Enterprise
from anjian.officers.models import Expert, Officer
from anjian.regions.models import Agency

pytestmark = pytest.mark.django_db

C = Capability
LOCAL_ROLES = (Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD, Role.OFFICER, Role.LEGAL_REVIEWER, Role.STATISTICIAN,
               Role.READ_ONLY)
ADMIN_ROLES = (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
# The demo logins: each local role at province, city and county; the three admins at the province; and an
# officer of a sibling county who sees none of 泌阳县's records.
DEMO_LOGINS = ([(code, role) for code in ("410000", "411700", "411726") for role in LOCAL_ROLES]
               + [("410000", role) for role in ADMIN_ROLES] + [("411721", Role.OFFICER)])
HOME = "411726"  # where the records the pages show live


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def records(make_enterprise):
    agency = Agency.objects.get(region_id=HOME)
    enterprise = make_enterprise(HOME, name="泌阳县页面测试化工有限公司", industry="chemical")
    officer = Officer.objects.create(certificate_number="41172600000901", certificate_expires=date(2028, 12, 31),
                                     name="页面测试员", agency=agency, region_id=HOME, specialties=["chemical"])
    expert = Expert.objects.create(name="页面专家", region_id=HOME, specialties=["chemical"], affiliation="郑州大学")
    return {"enterprise": enterprise, "officer": officer, "expert": expert}


def page_matrix(records) -> list[tuple[str, Capability, str | None]]:
    """(url, capability it needs, region of the record it shows or None)."""
    e, o, x = records["enterprise"].pk, records["officer"].pk, records["expert"].pk
    return [
        ("/home/", C.DASHBOARD_VIEW, None),
        ("/accounts/profile/", C.PROFILE, None),
        ("/enterprises/", C.ENTERPRISE_VIEW, None),
        ("/enterprises/?region=411726&industry=chemical&supervision_class=key&risk_level=red&q=化工",
         C.ENTERPRISE_VIEW, None),
        (f"/enterprises/{e}/", C.ENTERPRISE_VIEW, HOME),
        ("/enterprises/new/", C.ENTERPRISE_EDIT, None),
        (f"/enterprises/{e}/edit/", C.ENTERPRISE_EDIT, HOME),
        ("/enterprises/import/", C.ENTERPRISE_IMPORT, None),
        ("/enterprises/export/", C.ENTERPRISE_EXPORT, None),
        ("/officers/", C.OFFICER_VIEW, None),
        ("/officers/?status=active&in_post=1&specialty=chemical&q=页面", C.OFFICER_VIEW, None),
        (f"/officers/{o}/", C.OFFICER_VIEW, HOME),
        ("/officers/new/", C.OFFICER_EDIT, None),
        (f"/officers/{o}/edit/", C.OFFICER_EDIT, HOME),
        ("/officers/import/", C.OFFICER_IMPORT, None),
        ("/officers/experts/", C.EXPERT_VIEW, None),
        ("/officers/experts/?q=页面&specialty=chemical", C.EXPERT_VIEW, None),
        (f"/officers/experts/{x}/", C.EXPERT_VIEW, HOME),
        ("/calendar/", C.CALENDAR_VIEW, None),
        ("/calendar/?year=2027", C.CALENDAR_VIEW, None),
        ("/calendar/?start=2025-09-26&n=20", C.CALENDAR_VIEW, None),
        ("/calendar/?start=bad&n=x", C.CALENDAR_VIEW, None),
        ("/audit/", C.AUDIT_VIEW, None),
        ("/audit/?verify=1", C.AUDIT_VIEW, None),
        ("/accounts/users/", C.USER_MANAGE, None),
        ("/accounts/users/new/", C.USER_MANAGE, None),
        ("/api/v1/regions/", C.REGION_VIEW, None),
        ("/api/v1/regions/411726", C.REGION_VIEW, HOME),
        ("/api/v1/enterprises/", C.ENTERPRISE_VIEW, None),
        (f"/api/v1/enterprises/{e}", C.ENTERPRISE_VIEW, HOME),
        ("/api/v1/officers/", C.OFFICER_VIEW, None),
        (f"/api/v1/officers/{o}", C.OFFICER_VIEW, HOME),
    ]


@pytest.mark.parametrize(("code", "role"), DEMO_LOGINS, ids=[f"{c}-{r.value}" for c, r in DEMO_LOGINS])
def test_every_page_answers_200_or_an_intended_refusal(client, make_user, records, code, role):
    user = make_user(code, role)
    client.force_login(user)
    wrong = []
    for url, capability, region in page_matrix(records):
        if not has_capability(user, capability):
            expected = 403
        elif region is not None and not region.startswith(region_prefix(code)):
            expected = 404
        else:
            expected = 200
        status = client.get(url).status_code
        if status != expected:
            wrong.append((url, expected, status))
    assert wrong == []


def test_nav_shows_only_what_the_role_may_open(client, make_user):
    client.force_login(make_user("410000", Role.AUDIT_ADMIN))
    nav = re.search(r"<nav>(.*?)</nav>", text(client.get("/home/")), re.S).group(1)
    assert "审计日志" in nav
    assert "生产经营单位" not in nav and "账号管理" not in nav and "工作日历" not in nav


# --- enterprise list: filters and paging --------------------------------------------------------------

@pytest.fixture
def city_reader(client, make_user):
    client.force_login(make_user("411700", Role.READ_ONLY))
    return client


def names_in(response) -> set[str]:
    return set(re.findall(r'<a href="/enterprises/\d+/">([^<]+)</a>', text(response)))


def test_enterprise_list_filters(city_reader, make_enterprise):
    a = make_enterprise("411726", name="甲化工有限公司", industry="chemical", supervision_class="key",
                        risk_level="red")
    make_enterprise("411721", name="乙工贸有限公司", industry="industry_trade", supervision_class="general",
                    risk_level="blue")
    make_enterprise("411721", name="丙烟花有限公司", industry="fireworks", supervision_class="key",
                    risk_level="orange")
    make_enterprise("410105", name="丁化工有限公司（郑州）", industry="chemical")  # outside the city
    get = lambda **params: names_in(city_reader.get("/enterprises/", params))  # noqa: E731

    assert get() == {"甲化工有限公司", "乙工贸有限公司", "丙烟花有限公司"}
    assert get(region="411726") == {"甲化工有限公司"}
    assert get(region="411721") == {"乙工贸有限公司", "丙烟花有限公司"}
    assert get(industry="chemical") == {"甲化工有限公司"}
    assert get(supervision_class="key") == {"甲化工有限公司", "丙烟花有限公司"}
    assert get(risk_level="orange") == {"丙烟花有限公司"}
    assert get(q="工贸") == {"乙工贸有限公司"}
    assert get(q="化工") == {"甲化工有限公司"}
    assert get(q=a.uscc) == {"甲化工有限公司"}
    assert get(q=a.uscc.lower()) == {"甲化工有限公司"}
    assert get(industry="chemical", region="411721") == set()


def test_enterprise_list_does_not_leak_through_a_region_filter_outside_scope(city_reader, make_enterprise):
    make_enterprise("410105", name="丁化工有限公司（郑州）")
    response = city_reader.get("/enterprises/", {"region": "410105"})
    assert response.status_code == 200
    assert "丁化工有限公司（郑州）" not in text(response)


def test_enterprise_list_paging(city_reader):
    Enterprise.objects.bulk_create(
        Enterprise(uscc=make_uscc("411726", 800000 + i), name=f"分页测试{i:02d}有限公司", region_id="411726",
                   industry="industry_trade") for i in range(25))
    first = city_reader.get("/enterprises/")
    assert len(names_in(first)) == 20 and "第 1 / 2 页" in text(first) and "共 25 家" in text(first)
    second = city_reader.get("/enterprises/", {"page": "2"})
    assert len(names_in(second)) == 5 and "第 2 / 2 页" in text(second)
    assert names_in(first).isdisjoint(names_in(second))
    beyond = city_reader.get("/enterprises/", {"page": "999"})
    assert beyond.status_code == 200 and "第 2 / 2 页" in text(beyond) and names_in(beyond) == names_in(second)
    junk = city_reader.get("/enterprises/", {"page": "abc"})
    assert junk.status_code == 200 and "第 1 / 2 页" in text(junk)
    bigger = city_reader.get("/enterprises/", {"size": "50"})
    assert len(names_in(bigger)) == 25
    filtered = city_reader.get("/enterprises/", {"page": "2", "industry": "industry_trade"})
    assert "industry=industry_trade&page=1" in text(filtered)  # pager links keep the filters


# --- enterprise forms ---------------------------------------------------------------------------------

def enterprise_post(uscc: str, **overrides) -> dict:
    return {"uscc": uscc, "name": "新登记化工有限公司", "region": "411726", "industry": "chemical",
            "supervision_class": "key", "risk_level": "yellow", "liability_insured": "是", "status": "operating",
            "is_central_branch": "否", "is_provincially_managed": "否", **overrides}


@pytest.fixture
def county_officer_client(client, make_user):
    client.force_login(make_user(HOME, Role.OFFICER))
    return client


def test_enterprise_create_with_a_valid_uscc(county_officer_client):
    uscc = make_uscc("411726", 123)
    response = county_officer_client.post("/enterprises/new/", enterprise_post(uscc))
    enterprise = Enterprise.objects.get(uscc=uscc)
    assert response.status_code == 302 and response["Location"] == f"/enterprises/{enterprise.pk}/"
    assert enterprise.name == "新登记化工有限公司" and enterprise.liability_insured and enterprise.risk_level == "yellow"
    detail = county_officer_client.get(response["Location"])
    assert "已登记：新登记化工有限公司" in text(detail)


def test_enterprise_create_with_a_bad_check_character_shows_the_error(county_officer_client):
    good = make_uscc("411726", 124)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = county_officer_client.post("/enterprises/new/", enterprise_post(bad))
    assert response.status_code == 200
    assert "校验位" in text(response)
    assert not Enterprise.objects.filter(name="新登记化工有限公司").exists()


def test_enterprise_create_refuses_a_duplicate_and_a_region_outside_scope(county_officer_client, make_enterprise):
    existing = make_enterprise(HOME)
    response = county_officer_client.post("/enterprises/new/", enterprise_post(existing.uscc))
    assert response.status_code == 200 and "已登记，请勿重复录入" in text(response)
    response = county_officer_client.post("/enterprises/new/", enterprise_post(make_uscc("411721", 5),
                                                                              region="411721"))
    assert response.status_code == 200
    assert not Enterprise.objects.filter(uscc=make_uscc("411721", 5)).exists()


def test_enterprise_edit(county_officer_client, make_enterprise):
    enterprise = make_enterprise(HOME, name="改名前有限公司")
    form = county_officer_client.get(f"/enterprises/{enterprise.pk}/edit/")
    assert "改名前有限公司" in text(form)
    response = county_officer_client.post(f"/enterprises/{enterprise.pk}/edit/",
                                          enterprise_post(enterprise.uscc, name="改名后有限公司"))
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.name == "改名后有限公司" and enterprise.industry == "chemical"


# --- officers and experts -----------------------------------------------------------------------------

def officer_post(**overrides) -> dict:
    return {"certificate_number": "41172600000777", "name": "新执法员", "agency_region": HOME,
            "certificate_expires": "2029-06-30", "specialties": ["chemical", "fireworks"], "status": "active",
            "in_post": "是", "gender": "female", "birth_year": "1988", "education": "bachelor",
            "major": "安全工程", "phone": "13800000000", **overrides}


@pytest.fixture
def county_head_client(client, make_user):
    client.force_login(make_user(HOME, Role.DEPARTMENT_HEAD))
    return client


def test_officer_create_edit_list_and_detail(county_head_client):
    response = county_head_client.post("/officers/new/", officer_post())
    officer = Officer.objects.get(certificate_number="41172600000777")
    assert response.status_code == 302 and response["Location"] == f"/officers/{officer.pk}/"
    assert officer.specialties == ["chemical", "fireworks"] and officer.region_id == HOME

    response = county_head_client.post(f"/officers/{officer.pk}/edit/", officer_post(name="改名执法员",
                                                                                      in_post="否"))
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.name == "改名执法员" and not officer.in_post

    listing = county_head_client.get("/officers/", {"q": "改名"})
    assert "改名执法员" in text(listing)
    detail = county_head_client.get(f"/officers/{officer.pk}/")
    assert "41172600000777" in text(detail)


def test_officer_create_shows_errors(county_head_client):
    response = county_head_client.post("/officers/new/", officer_post(certificate_expires="明年", birth_year="1800"))
    assert response.status_code == 200
    assert "格式不正确" in text(response) and "不合理" in text(response)
    assert not Officer.objects.filter(certificate_number="41172600000777").exists()


def test_experts_list_and_detail(county_head_client, records):
    listing = county_head_client.get("/officers/experts/", {"q": "页面"})
    assert "页面专家" in text(listing)
    detail = county_head_client.get(f"/officers/experts/{records['expert'].pk}/")
    assert detail.status_code == 200 and "郑州大学" in text(detail)


# --- calendar -----------------------------------------------------------------------------------------

def test_calendar_compute_form(county_officer_client):
    response = county_officer_client.get("/calendar/", {"start": "2025-09-26", "n": "20"})
    assert "2025年10月30日" in text(response)
    response = county_officer_client.get("/calendar/", {"start": "2027-01-04", "n": "3"})
    assert "2027年1月7日" in text(response)  # next year's arrangement not loaded: counted provisionally, and says so
    assert "暂按法定节假日计算，待2027年放假安排公布后更新" in text(response)
    assert "2036年节假日数据未录入" in text(county_officer_client.get("/calendar/", {"start": "2036-01-04", "n": "3"}))
    response = county_officer_client.get("/calendar/", {"start": "2025-09-26", "n": "0"})
    assert "请填写正确的起算日期" in text(response)


def test_system_admin_adds_a_day_from_the_calendar_page(client, make_user):
    client.force_login(make_user("410000", Role.SYSTEM_ADMIN))
    page = text(client.get("/calendar/?year=2027"))
    assert "2027 年节假日数据尚未录入" in page and 'action="/calendar/days/"' in page
    response = client.post("/calendar/days/", {"date": "2027-01-01", "kind": "holiday", "name": "元旦"})
    assert response.status_code == 302 and response["Location"] == "/calendar/?year=2027"
    page = text(client.get(response["Location"]))
    assert "已保存 2027-01-01" in page and "元旦" in page and "尚未录入" in page  # one day is not a whole year
    assert "暂按法定节假日计算" in text(client.get("/calendar/", {"start": "2026-12-30", "n": "3"}))
    response = client.post("/calendar/years/", {"year": "2027", "source": "国办发明电〔2026〕X号"})
    assert response["Location"] == "/calendar/?year=2027"
    assert "尚未录入" not in text(client.get(response["Location"]))
    official = text(client.get("/calendar/", {"start": "2026-12-30", "n": "3"}))
    assert "2027年1月5日" in official and "暂按" not in official


def test_calendar_page_rejects_bad_input_and_non_admins(client, make_user, county_officer_client):
    assert county_officer_client.post("/calendar/days/", {"date": "2027-01-01", "kind": "holiday"}).status_code == 403
    client.force_login(make_user("410000", Role.SYSTEM_ADMIN))
    response = client.post("/calendar/days/", {"date": "2027-02-08", "kind": "workday"}, follow=True)
    assert "无需设为调休上班" in text(response)
    response = client.post("/calendar/days/", {"date": "not-a-date", "kind": "holiday"}, follow=True)
    assert "日期格式不正确" in text(response)


def test_calendar_upload_and_year_form_tell_what_was_refused(client, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(make_user("410000", Role.SYSTEM_ADMIN))
    upload = SimpleUploadedFile("days.csv", "2027-02-08,班,\n2027-02-09,放假,\n".encode())
    page = text(client.post("/calendar/import/", {"file": upload}, follow=True))
    assert "第1行：2027-02-08 是周一至周五" in page and "第2行：类型“放假”" in page
    response = client.post("/calendar/years/", {"year": "2027", "source": "文" * 129}, follow=True)
    assert "数据依据不得超过 128 个字符" in text(response)
    response = client.post("/calendar/years/", {"year": "²０２７", "source": "通知"}, follow=True)
    assert "请填写年份和数据依据" in text(response)


# --- audit log page -----------------------------------------------------------------------------------

def test_audit_log_page_for_the_audit_admin_only(client, make_user):
    client.force_login(make_user("410000", Role.OFFICER))
    assert client.get("/audit/").status_code == 403
    auditor = make_user("410000", Role.AUDIT_ADMIN)
    client.force_login(auditor)
    response = client.get("/audit/")
    assert response.status_code == 200 and "user_create" in text(response)
    assert "审计链完整" not in text(response)
    verified = client.get("/audit/", {"verify": "1"})
    assert re.search(r"审计链完整：共 \d+ 条事件", text(verified))
    filtered = client.get("/audit/", {"verb": "calendar_seed"})
    assert "calendar_seed" in text(filtered) and "user_create" not in text(filtered)


# --- API ----------------------------------------------------------------------------------------------

def test_openapi_document_lists_the_endpoints(county_officer_client):
    response = county_officer_client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    for path in ("/api/v1/regions/", "/api/v1/enterprises/", "/api/v1/officers/"):
        assert path in document["paths"], path


def test_regions_api_is_scoped(client, make_user):
    client.force_login(make_user("411726", Role.OFFICER))
    rows = client.get("/api/v1/regions/").json()
    assert [(r["code"], r["parent_code"]) for r in rows] == [("411726", "411700")]
    assert client.get("/api/v1/regions/411721").status_code == 404

    client.force_login(make_user("410000", Role.READ_ONLY))
    rows = {r["code"]: r for r in client.get("/api/v1/regions/").json()}
    assert len(rows) == 199
    assert rows["410173"]["parent_code"] == "410100" and rows["410173"]["is_functional_zone"] is True
    assert rows["419001"]["name"] == "济源市" and rows["419001"]["parent_code"] == "410000"
    assert rows["419001"]["agency_name"] == "济源产城融合示范区应急管理局"
    cities = client.get("/api/v1/regions/", {"level": "city"}).json()
    assert "419001" in {r["code"] for r in cities} and all(r["level"] == "city" for r in cities)

    client.force_login(make_user("410100", Role.READ_ONLY))
    codes = {r["code"] for r in client.get("/api/v1/regions/").json()}
    assert "410173" in codes and "410105" in codes and "411726" not in codes and "410000" not in codes


def test_department_head_registers_an_expert_from_the_page(client, make_user):
    from anjian.officers.models import Expert

    client.force_login(make_user("411700", Role.DEPARTMENT_HEAD))
    assert "登记专家" in text(client.get("/officers/experts/"))
    response = client.post("/officers/experts/new/", {"name": "赵工", "region": "411700",
                                                       "specialties": ["fireworks", "non_coal_mine"],
                                                       "title": "高级工程师", "affiliation": "驻马店某设计院"})
    expert = Expert.objects.get(name="赵工")
    assert response.status_code == 302 and response["Location"] == f"/officers/experts/{expert.pk}/"
    assert expert.specialties == ["fireworks", "non_coal_mine"] and expert.region_id == "411700"
    # A region outside the user's scope is not even offered.
    response = client.post("/officers/experts/new/", {"name": "钱工", "region": "410100",
                                                       "specialties": ["fireworks"]})
    assert response.status_code == 200 and not Expert.objects.filter(name="钱工").exists()
