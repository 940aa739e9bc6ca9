"""Importing officers: keyed by certificate number, all or nothing, scope by agency, departments."""

import csv
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from anjian.audit.models import AuditEvent
from anjian.domain.permissions import Role
from anjian.domain.rows import OFFICER_COLUMNS
from anjian.officers.importing import (
    HELD_ELSEWHERE,
    officer_import_commit,
    officer_import_preview,
    officer_template_xlsx,
)
from anjian.officers.models import Officer
from anjian.regions.models import Agency, Department

pytestmark = pytest.mark.django_db

FIELDS = [c.field for c in OFFICER_COLUMNS]


def officer_row(n, region="411726", **fields):
    return {"certificate_number": f"HN{region}{n:04d}", "name": f"执法员{n}", "agency_region": region,
            "certificate_expires": "2030-12-31", "department": "", "specialties": "工贸、危险化学品",
            "status": "有效", "in_post": "是", "gender": "男", "birth_year": "1985", "education": "大学本科",
            "major": "安全工程", "phone": "13800000000", **fields}


def write_csv(path, rows, *, encoding="utf-8", fields=None):
    fields = fields or FIELDS
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([c.label for c in OFFICER_COLUMNS if c.field in fields])
        for row in rows:
            writer.writerow([row.get(f, "") for f in fields])
    return path


def test_preview_then_commit_creates_officers_with_agency_region_and_department(tmp_path):
    rows = [officer_row(i) for i in range(1, 6)]
    rows[0]["department"] = "安全生产执法大队"
    path = write_csv(tmp_path / "o.csv", rows, encoding="gbk")
    preview = officer_import_preview(actor=None, path=path)
    assert preview.ok and preview.created == 5 and Officer.objects.count() == 0
    report = officer_import_commit(actor=None, path=path, file_name="人员.csv")
    assert report.committed and report.created == 5
    officer = Officer.objects.get(certificate_number="HN4117260001")
    agency = Agency.objects.get(region_id="411726")
    assert officer.agency == agency and officer.region_id == "411726"
    assert officer.department.name == "安全生产执法大队"
    assert officer.specialties == ["industry_trade", "hazardous_chemicals"]
    assert officer.certificate_expires == date(2030, 12, 31) and officer.birth_year == 1985
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.verb == "officer_import" and event.payload["import"]["created"] == 5
    assert event.payload["import"]["file_name"] == "人员.csv"


def test_existing_certificate_is_updated_not_duplicated(tmp_path):
    assert officer_import_commit(actor=None, path=write_csv(tmp_path / "a.csv", [
        officer_row(1, department="安全生产执法大队", phone="13900000000")])).committed
    created_at = Officer.objects.get().created_at
    report = officer_import_commit(actor=None, path=write_csv(
        tmp_path / "b.csv", [officer_row(1, name="改名后"), officer_row(2)],
        fields=["certificate_number", "name", "agency_region", "certificate_expires"]))
    assert report.committed and (report.created, report.updated) == (1, 1)
    assert Officer.objects.count() == 2
    officer = Officer.objects.get(certificate_number="HN4117260001")
    assert officer.name == "改名后" and officer.created_at == created_at
    assert officer.phone == "13900000000"  # not in the file: kept
    assert officer.department.name == "安全生产执法大队"  # same agency, column absent: kept


def test_one_bad_row_writes_nothing_and_every_error_is_reported(tmp_path):
    rows = [officer_row(i) for i in range(1, 8)]
    rows[1]["certificate_number"] = "坏"
    rows[2]["certificate_expires"] = "明年"
    rows[3]["agency_region"] = "999999"
    rows[4]["certificate_number"] = rows[0]["certificate_number"]
    rows[5]["department"] = "不存在的科"
    report = officer_import_commit(actor=None, path=write_csv(tmp_path / "a.csv", rows))
    assert not report.committed and Officer.objects.count() == 0
    found = {(e.row, e.column) for e in report.errors}
    assert found == {(3, "执法证号"), (4, "执法证有效期至"), (5, "所属机构区划代码"), (6, "执法证号"), (7, "处室")}
    assert any("与第2行重复" in e.reason for e in report.errors)
    assert report.error_rows == 5


def test_county_head_cannot_import_officers_of_another_agency(tmp_path, make_user):
    user = make_user("411726", Role.DEPARTMENT_HEAD)
    rows = [officer_row(1), officer_row(2, region="411721")]
    report = officer_import_commit(actor=user, path=write_csv(tmp_path / "a.csv", rows))
    assert not report.committed and [(e.row, e.column) for e in report.errors] == [(3, "所属机构区划代码")]
    assert Officer.objects.count() == 0


def test_existing_officer_of_another_agency_is_never_overwritten(tmp_path, make_user):
    assert officer_import_commit(actor=None, path=write_csv(tmp_path / "a.csv", [
        officer_row(1, region="411721", name="西平的人")])).committed
    user = make_user("411726", Role.DEPARTMENT_HEAD)
    row = officer_row(1, region="411726", name="改到泌阳")
    row["certificate_number"] = "HN4117210001"
    report = officer_import_commit(actor=user, path=write_csv(tmp_path / "b.csv", [row]))
    assert not report.committed and report.errors[0].column == "执法证号"
    assert report.errors[0].reason == HELD_ELSEWHERE.format(key="HN4117210001")  # never which agency holds it
    assert Officer.objects.get().name == "西平的人"


def test_user_without_officer_import_gets_a_file_error(tmp_path, make_user):
    user = make_user("411726", Role.OFFICER)  # may import enterprises, not officers
    report = officer_import_commit(actor=user, path=write_csv(tmp_path / "a.csv", [officer_row(1)]))
    assert not report.committed and report.file_error


def test_xlsx_with_numbers_and_dates_is_read(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append([c.label for c in OFFICER_COLUMNS])
    row = officer_row(1)
    values = [row[f] for f in FIELDS]
    values[FIELDS.index("agency_region")] = 411726
    values[FIELDS.index("certificate_expires")] = date(2029, 6, 30)
    values[FIELDS.index("birth_year")] = 1979
    ws.append(values)
    wb.save(tmp_path / "o.xlsx")
    report = officer_import_commit(actor=None, path=tmp_path / "o.xlsx")
    assert report.committed, (report.file_error, report.errors)
    officer = Officer.objects.get()
    assert officer.certificate_expires == date(2029, 6, 30) and officer.birth_year == 1979


def test_missing_required_header_is_a_file_error(tmp_path):
    path = write_csv(tmp_path / "a.csv", [officer_row(1)], fields=["certificate_number", "name"])
    report = officer_import_preview(actor=None, path=path)
    assert "缺少必填列：所属机构区划代码、执法证有效期至" in report.file_error


def test_template_and_cli(tmp_path, capsys):
    template = tmp_path / "t.xlsx"
    with template.open("wb") as fh:
        officer_template_xlsx(fh)
    with pytest.raises(CommandError, match="没有数据行"):
        call_command("import", "officers", str(template))
    path = write_csv(tmp_path / "a.csv", [officer_row(1), officer_row(2)])
    call_command("import", "officers", str(path), "--commit")
    assert "新增 2" in capsys.readouterr().out
    assert Officer.objects.count() == 2
    assert Department.objects.filter(agency__region_id="411726").exists()


def test_failure_in_a_later_chunk_rolls_back_earlier_chunks(tmp_path, monkeypatch):
    from anjian.officers import importing

    monkeypatch.setattr(importing, "CHUNK", 4)
    rows = [officer_row(i) for i in range(1, 20)]
    rows[17]["birth_year"] = "1850"
    report = officer_import_commit(actor=None, path=write_csv(tmp_path / "a.csv", rows))
    assert not report.committed and [(e.row, e.column) for e in report.errors] == [(19, "出生年份")]
    assert Officer.objects.count() == 0
    rows[17]["birth_year"] = "1990"
    report = officer_import_commit(actor=None, path=write_csv(tmp_path / "b.csv", rows))
    assert report.committed and report.created == 19
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.payload["import"]["key"] == "certificate_number"
