"""The working-day calendar as stored: seeded from chinese-calendar, extended by the system admin, imported
from CSV all-or-nothing; the `workdays` command refuses years without data."""

from datetime import date, timedelta
from io import StringIO

import chinese_calendar
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from anjian.audit.models import AuditEvent
from anjian.calendars.models import CalendarDay, CalendarYear
from anjian.calendars.selectors import work_calendar
from anjian.calendars.services import calendar_day_set, calendar_import, calendar_year_declare
from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.domain.permissions import Role

pytestmark = pytest.mark.django_db


def workdays(*args: str) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().strip()


def nth_workday_after_by_chinese_calendar(start: date, n: int) -> date:
    """Independent reference: the official package, counted by hand."""
    day, found = start, 0
    while found < n:
        day += timedelta(days=1)
        if chinese_calendar.is_workday(day):
            found += 1
    return day


@pytest.fixture
def sysadmin(make_user):
    return make_user("410000", Role.SYSTEM_ADMIN, username="prov-sysadmin")


# --- the seeded calendar ------------------------------------------------------------------------------

def test_seeded_calendar_covers_2004_to_2026():
    assert set(CalendarYear.objects.values_list("year", flat=True)) == set(range(2004, 2027))
    assert CalendarDay.objects.get(date=date(2025, 10, 1)).kind == "holiday"
    assert CalendarDay.objects.get(date=date(2025, 10, 1)).name == "国庆节"
    assert CalendarDay.objects.get(date=date(2025, 9, 28)).kind == "workday"


def test_seeded_days_match_the_package_for_every_year():
    calendar = work_calendar()
    day = date(2004, 1, 1)
    mismatches = []
    while day <= date(2026, 12, 31):
        if calendar.is_workday(day) != chinese_calendar.is_workday(day):
            mismatches.append(day)
        day += timedelta(days=1)
    assert mismatches == []


def test_national_day_2025_example_by_the_command():
    # The reference week: 9-28 (Sunday) and 10-11 (Saturday) are adjusted working days, 10-01..10-08 rest.
    assert chinese_calendar.is_workday(date(2025, 9, 28)) and chinese_calendar.is_workday(date(2025, 10, 11))
    assert not any(chinese_calendar.is_workday(date(2025, 10, d)) for d in range(1, 9))
    expected = nth_workday_after_by_chinese_calendar(date(2025, 9, 26), 20)
    assert expected == date(2025, 10, 30)  # 9-28, 9-29, 9-30, 10-09, 10-10, 10-11, then 14 weekdays
    assert workdays("add", "2025-09-26", "20") == expected.isoformat()


@pytest.mark.parametrize(("start", "n"), [
    ("2025-09-26", 1), ("2025-09-26", 3), ("2025-09-30", 1), ("2025-09-30", 4), ("2025-01-24", 10),
    ("2024-02-08", 5), ("2020-01-23", 15), ("2015-09-02", 2), ("2008-04-30", 7), ("2026-12-01", 20),
])
def test_command_add_matches_the_package(start, n):
    assert workdays("add", start, str(n)) == nth_workday_after_by_chinese_calendar(date.fromisoformat(start),
                                                                                   n).isoformat()


def test_command_between_and_is():
    assert workdays("between", "2025-09-26", "2025-10-30") == "20"
    assert workdays("is", "2025-10-11") == "工作日"
    assert workdays("is", "2025-10-03") == "休息日"
    assert workdays("is", "2025-10-12") == "休息日"


@pytest.mark.parametrize("args", [("add", "2036-01-05", "3"), ("add", "2035-12-28", "10"),
                                  ("is", "2036-06-01"), ("between", "2035-12-01", "2036-01-10")])
def test_a_year_beyond_the_statutory_table_is_an_explicit_error(args):
    with pytest.raises(CommandError, match="2036年节假日数据未录入"):
        workdays(*args)


NOTE_2027 = "（暂按法定节假日计算，待2027年放假安排公布后更新）"


def test_next_year_without_its_arrangement_is_counted_provisionally():
    # 2027-01-01 (Fri) 元旦 by rule: Thu 12-31, Mon 1-4, Tue 1-5.
    assert workdays("add", "2026-12-30", "3") == "2027-01-05" + NOTE_2027
    assert workdays("is", "2027-02-09") == "休息日" + NOTE_2027  # 春节 2/6 is a Saturday: made up on Tuesday 2/9
    assert workdays("add", "2025-09-26", "20") == "2025-10-30"  # official years carry no note


def test_command_rejects_bad_input():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        workdays("add", "2025/13/40", "3")
    with pytest.raises(CommandError, match="正整数"):
        workdays("add", "2025-09-26", "0")


# --- the system admin extends the calendar ------------------------------------------------------------

def test_system_admin_adds_2027_and_then_2027_computations_work(sysadmin):
    assert workdays("add", "2026-12-30", "3") == "2027-01-05" + NOTE_2027

    calendar_day_set(actor=sysadmin, day=date(2027, 1, 1), kind="holiday", name="元旦")
    # One day does not make the year known: the rest of it could still hide holidays.
    assert workdays("add", "2026-12-30", "3") == "2027-01-05" + NOTE_2027
    calendar_year_declare(actor=sysadmin, year=2027, source="国办发明电〔2026〕X号")

    # 12-31 (Thu) is the 1st, 1-1 (Fri) is the new holiday, 1-4 (Mon) the 2nd, 1-5 the 3rd — now official.
    assert workdays("add", "2026-12-30", "3") == "2027-01-05"
    assert workdays("is", "2027-02-09") == "工作日"  # the declared year has no rule holidays
    event = AuditEvent.objects.filter(verb="calendar_day_set").order_by("-seq").first()
    assert event.actor_id == sysadmin.pk and event.target_id == "2027-01-01"
    assert event.payload == {"old": {}, "new": {"kind": "holiday", "name": "元旦"}}


def test_changing_a_day_records_its_old_value(sysadmin):
    calendar_day_set(actor=sysadmin, day=date(2025, 10, 8), kind="holiday", name="国庆节（更正）")
    event = AuditEvent.objects.filter(verb="calendar_day_set").order_by("-seq").first()
    assert event.payload["old"] == {"kind": "holiday", "name": "国庆节"}
    assert event.payload["new"]["name"] == "国庆节（更正）"


def test_an_adjusted_working_day_must_be_a_weekend(sysadmin):
    with pytest.raises(ServiceInvalid, match="无需设为调休上班"):
        calendar_day_set(actor=sysadmin, day=date(2027, 2, 8), kind="workday")  # a Monday
    with pytest.raises(ServiceInvalid, match="类型"):
        calendar_day_set(actor=sysadmin, day=date(2027, 2, 6), kind="rest")
    calendar_day_set(actor=sysadmin, day=date(2027, 2, 7), kind="workday", name="春节调休")  # a Sunday
    calendar_year_declare(actor=sysadmin, year=2027, source="管理员录入")
    assert work_calendar().is_workday(date(2027, 2, 7))


@pytest.mark.parametrize("role", [Role.OFFICER, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.AGENCY_LEADER])
def test_users_without_calendar_manage_are_refused(make_user, role):
    user = make_user("410000", role)
    before = AuditEvent.objects.count()
    with pytest.raises(ServiceDenied):
        calendar_day_set(actor=user, day=date(2027, 1, 1), kind="holiday", name="元旦")
    with pytest.raises(ServiceDenied):
        calendar_year_declare(actor=user, year=2027, source="猜测")
    with pytest.raises(ServiceDenied):
        calendar_import(actor=user, content="2027-01-01,休,元旦\n".encode())
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert AuditEvent.objects.count() == before


def test_year_declare_makes_a_year_known(sysadmin):
    calendar_year_declare(actor=sysadmin, year=2027, source="国办发明电〔2026〕X号")
    assert workdays("is", "2027-06-01") == "工作日"
    assert AuditEvent.objects.filter(verb="calendar_year_declare", target_id="2027").exists()


# --- CSV import: all rows or none ---------------------------------------------------------------------

GOOD_ROWS = "日期,类型,名称\n2027-01-01,休,元旦\n2027-02-06,休,春节\n2027/2/7,班,春节调休\n"
BAD_ROWS = ("日期,类型,名称\n"
            "2027-01-01,休,元旦\n"      # row 2: fine
            "2027-02-30,休,春节\n"      # row 3: no such date
            "2027-02-07,班,春节调休\n"  # row 4: fine (a Sunday)
            "2027-02-08,班,春节调休\n"  # row 5: a Monday cannot be an adjusted working day
            "2027-02-09,放假,春节\n")   # row 6: unknown kind


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_import_with_a_bad_row_writes_nothing_and_names_the_rows(sysadmin, encoding):
    before = AuditEvent.objects.count()
    with pytest.raises(ServiceInvalid) as caught:
        calendar_import(actor=sysadmin, content=BAD_ROWS.encode(encoding))
    errors = caught.value.errors
    assert [e.split("：")[0] for e in errors] == ["第3行", "第5行", "第6行"]
    assert "2027-02-30" in errors[0] and "周一至周五" in errors[1] and "放假" in errors[2]
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_import_of_good_rows_writes_them_all_with_their_names(sysadmin, encoding):
    assert calendar_import(actor=sysadmin, content=GOOD_ROWS.encode(encoding)) == 3
    days = {d.date: (d.kind, d.name) for d in CalendarDay.objects.filter(date__year=2027)}
    assert days == {date(2027, 1, 1): ("holiday", "元旦"), date(2027, 2, 6): ("holiday", "春节"),
                    date(2027, 2, 7): ("workday", "春节调休")}
    assert CalendarYear.objects.get(year=2027).source == "管理员导入"
    assert AuditEvent.objects.filter(verb="calendar_day_set", actor_id=sysadmin.pk).count() == 3


def test_import_of_an_empty_file_is_refused(sysadmin):
    with pytest.raises(ServiceInvalid, match="文件为空"):
        calendar_import(actor=sysadmin, content="日期,类型,名称\n".encode())


def test_an_excel_file_is_told_to_be_saved_as_csv(sysadmin):
    with pytest.raises(ServiceInvalid) as refused:
        calendar_import(actor=sysadmin, content=b"PK\x03\x04" + b"\x00" * 100)
    assert "另存为" in str(refused.value.errors)


def test_a_name_longer_than_the_column_is_refused_not_a_database_error(sysadmin):
    with pytest.raises(ServiceInvalid) as refused:
        calendar_day_set(actor=sysadmin, day=date(2027, 1, 1), kind="holiday", name="元" * 65)
    assert refused.value.fields == [("name", "名称不得超过 64 个字符")]
    with pytest.raises(ServiceInvalid, match="第2行：名称超过 64 个字符"):
        calendar_import(actor=sysadmin, content=("2027-01-01,休,元旦\n2027-02-06,休," + "春" * 65 + "\n").encode())
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_a_year_is_declared_only_within_bounds_and_with_its_source(sysadmin):
    with pytest.raises(ServiceInvalid) as refused:
        calendar_year_declare(actor=sysadmin, year=2100, source=" ")
    assert [field for field, _ in refused.value.fields] == ["year", "source"]
    with pytest.raises(ServiceInvalid, match="不得超过 128 个字符"):
        calendar_year_declare(actor=sysadmin, year=2027, source="文" * 129)
    assert not CalendarYear.objects.filter(year__in=[2027, 2100]).exists()


def test_a_file_with_thousands_of_bad_rows_names_the_first_fifty_and_counts_them_all(sysadmin):
    content = "".join(f"2027-13-{i % 28 + 1:02d},休,\n" for i in range(3000)).encode()
    with pytest.raises(ServiceInvalid) as refused:
        calendar_import(actor=sysadmin, content=content)
    assert len(refused.value.errors) == 51 and "共 3000 处错误" in refused.value.errors[-1]
