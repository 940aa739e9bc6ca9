"""Importing enterprises: preview, all-or-nothing commit, bad input, scope, XLSX round trip, the CLI."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from python_calamine import CalamineWorkbook

from anjian.audit.models import AuditEvent
from anjian.domain.permissions import Role
from anjian.domain.rows import ENTERPRISE_COLUMNS
from anjian.enterprises.demo import enterprise_rows
from anjian.enterprises.exporting import enterprise_export_xlsx, enterprise_template_xlsx
from anjian.enterprises.importing import HELD_ELSEWHERE, enterprise_import_commit, enterprise_import_preview
from anjian.enterprises.models import Enterprise
from anjian.enterprises.selectors import EnterpriseFilters

pytestmark = pytest.mark.django_db

LABELS = [c.label for c in ENTERPRISE_COLUMNS]
FIELDS = [c.field for c in ENTERPRISE_COLUMNS]
BIYANG, XIPING = ("411726", "泌阳县"), ("411721", "西平县")


def rows_for(n, counties=(BIYANG,), seed=7):
    return list(enterprise_rows(list(counties), n, seed))


def write_csv(path, rows, *, encoding="utf-8", header=None, fields=None):
    fields = fields or FIELDS
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header or [c.label for c in ENTERPRISE_COLUMNS if c.field in fields])
        for row in rows:
            writer.writerow([row.get(f, "") for f in fields])
    return path


def write_xlsx(path, header, rows):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def messages(report):
    return [(e.row, e.column, e.reason) for e in report.errors]


# ---------------------------------------------------------------- happy paths

def test_preview_counts_rows_and_writes_nothing(tmp_path):
    path = write_csv(tmp_path / "a.csv", rows_for(30))
    report = enterprise_import_preview(actor=None, path=path)
    assert report.ok and (report.rows, report.created, report.updated, report.error_rows) == (30, 30, 0, 0)
    assert report.format == "csv" and len(report.sha256) == 64
    assert Enterprise.objects.count() == 0
    assert not report.committed


def test_commit_creates_every_row_and_writes_one_audit_event(tmp_path):
    rows = rows_for(40)
    path = write_csv(tmp_path / "名单.csv", rows)
    before = AuditEvent.objects.count()
    report = enterprise_import_commit(actor=None, path=path, file_name="名单.csv")
    assert report.committed and report.created == 40 and report.updated == 0
    assert Enterprise.objects.count() == 40
    stored = Enterprise.objects.get(uscc=rows[0]["uscc"])
    assert stored.name == rows[0]["name"] and stored.region_id == "411726"
    assert stored.industry == rows[0]["industry"]
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.verb == "enterprise_import" and event.actor_name == "system"
    info = event.payload["import"]
    assert info["file_name"] == "名单.csv" and info["sha256"] == report.sha256
    assert info["created"] == 40 and info["updated"] == 0
    assert sorted(info["created_keys"]) == sorted(r["uscc"] for r in rows) and info["updated_keys"] == []


def test_existing_uscc_is_updated_never_duplicated_and_absent_columns_are_kept(tmp_path, make_enterprise):
    existing = make_enterprise("411726", name="旧名称有限公司", risk_level="red", contact_phone="0396-1234567")
    created_at = existing.created_at
    row = {"uscc": existing.uscc, "name": "新名称有限公司", "region": "411726", "industry": "化工"}
    path = write_csv(tmp_path / "u.csv", [row, *rows_for(3)], fields=["uscc", "name", "region", "industry"])
    report = enterprise_import_commit(actor=None, path=path)
    assert report.committed and (report.created, report.updated) == (3, 1)
    assert report.updated_keys == [existing.uscc]
    assert Enterprise.objects.filter(uscc=existing.uscc).count() == 1
    existing.refresh_from_db()
    assert existing.name == "新名称有限公司" and existing.industry == "chemical"
    assert existing.risk_level == "red" and existing.contact_phone == "0396-1234567"  # not in the file: kept
    assert existing.created_at == created_at and existing.updated_at > created_at


def test_importing_the_same_file_twice_updates_instead_of_duplicating(tmp_path):
    path = write_csv(tmp_path / "a.csv", rows_for(25))
    assert enterprise_import_commit(actor=None, path=path).created == 25
    again = enterprise_import_commit(actor=None, path=path)
    assert again.committed and (again.created, again.updated) == (0, 25)
    assert Enterprise.objects.count() == 25


def test_chinese_labels_as_values_are_accepted(tmp_path):
    row = {**rows_for(1)[0], "industry": "危险化学品", "risk_level": "较大风险", "supervision_class": "重点检查单位",
           "status": "停产停业", "scale": "小型"}
    report = enterprise_import_commit(actor=None, path=write_csv(tmp_path / "a.csv", [row]))
    assert report.committed
    stored = Enterprise.objects.get()
    assert (stored.industry, stored.risk_level, stored.supervision_class, stored.status, stored.scale) == (
        "hazardous_chemicals", "orange", "key", "suspended", "small")


def test_english_field_names_are_accepted_as_headers(tmp_path):
    path = write_csv(tmp_path / "a.csv", rows_for(5), header=FIELDS)
    report = enterprise_import_commit(actor=None, path=path)
    assert report.committed and report.created == 5


# ---------------------------------------------------------------- all or nothing, row errors

def test_one_bad_row_among_many_writes_nothing(tmp_path, make_enterprise):
    existing = make_enterprise("411726", name="原有企业有限公司")
    rows = rows_for(60)
    rows[10] = {**rows[10], "uscc": existing.uscc, "name": "会被更新的名称有限公司"}
    rows[47] = {**rows[47], "uscc": rows[47]["uscc"][:-1] + ("0" if rows[47]["uscc"][-1] != "0" else "1")}
    report = enterprise_import_commit(actor=None, path=write_csv(tmp_path / "a.csv", rows))
    assert not report.committed and report.error_rows == 1
    assert messages(report) == [(49, "统一社会信用代码", "统一社会信用代码校验位错误")]  # header is row 1
    assert Enterprise.objects.count() == 1
    existing.refresh_from_db()
    assert existing.name == "原有企业有限公司"


def test_every_bad_row_is_reported_with_row_column_and_reason(tmp_path):
    rows = rows_for(8)
    rows[0]["uscc"] = "91411726MA123"  # too short
    rows[1]["region"] = "419999"  # unknown region
    rows[2]["name"] = ""  # missing required
    rows[3]["name"] = "=HYPERLINK(\"http://evil\")"  # formula
    rows[4]["uscc"] = rows[5]["uscc"]  # duplicate in file (rows 6 and 7 of the sheet)
    rows[6]["industry"] = "餐饮"  # not a known industry
    rows[7]["region"] = "411700"  # a city, not a county
    report = enterprise_import_commit(actor=None, path=write_csv(tmp_path / "bad.csv", rows))
    assert not report.committed and Enterprise.objects.count() == 0
    found = messages(report)
    assert (2, "统一社会信用代码", "统一社会信用代码应为18位，实际为13位") in found
    assert (3, "属地区划代码", "区划代码“419999”不存在或不在本单位管辖范围内") in found
    assert (4, "单位名称", "缺少必填项“单位名称”") in found
    assert any(r == 5 and c == "单位名称" and "疑似公式" in m for r, c, m in found)
    assert (7, "统一社会信用代码", f"与第6行重复：统一社会信用代码 {rows[5]['uscc']} 在文件中出现多次") in found
    assert any(r == 8 and c == "行业领域" and "餐饮" in m for r, c, m in found)
    assert any(r == 9 and c == "属地区划代码" and "不是县级区划" in m for r, c, m in found)
    assert report.error_rows == 7


def test_duplicate_in_file_names_the_first_row_even_with_different_spelling(tmp_path):
    rows = rows_for(3)
    rows[2]["uscc"] = " " + rows[0]["uscc"].lower()
    report = enterprise_import_preview(actor=None, path=write_csv(tmp_path / "a.csv", rows))
    assert [(e.row, e.column) for e in report.errors] == [(4, "统一社会信用代码")]
    assert "与第2行重复" in report.errors[0].reason


# ---------------------------------------------------------------- files and encodings

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_utf8_bom_and_gbk_files_are_read(tmp_path, encoding):
    rows = rows_for(12)
    report = enterprise_import_commit(actor=None, path=write_csv(tmp_path / "a.csv", rows, encoding=encoding))
    assert report.committed, report.file_error
    assert set(Enterprise.objects.values_list("name", flat=True)) == {r["name"] for r in rows}


@pytest.mark.parametrize(("content", "expected"), [
    ("utf16", "UTF-16"),
    (b"\x00\x01\x02\xff\xfe garbage \x00" * 50, "不是 CSV 文本"),
    (b"\xff\xfd\xfa\xfb\x81\x30" * 100, "无法识别文件编码"),
    (b"", "文件是空的"),
    (b"\n\n  \n", "没有内容"),
    (b"PK\x03\x04not really a zip" * 10, "无法读取 Excel 文件"),
])
def test_unreadable_files_get_a_clear_message(tmp_path, content, expected):
    path = tmp_path / "bad.csv"
    if content == "utf16":
        text = io.StringIO()
        csv.writer(text).writerows([LABELS, [rows_for(1)[0][f] for f in FIELDS]])
        content = text.getvalue().encode("utf-16")
    path.write_bytes(content)
    for service in (enterprise_import_preview, enterprise_import_commit):
        report = service(actor=None, path=path)
        assert not report.ok and not report.committed
        assert expected in report.file_error
    assert Enterprise.objects.count() == 0


def test_header_only_file_is_refused(tmp_path):
    report = enterprise_import_commit(actor=None, path=write_csv(tmp_path / "a.csv", []))
    assert not report.committed and "没有数据行" in report.file_error


def test_a_broken_byte_far_into_the_file_gets_a_clear_message(tmp_path):
    rows = rows_for(600)  # beyond the bytes sniffed for the encoding
    path = write_csv(tmp_path / "a.csv", rows, encoding="utf-8")
    path.write_bytes(path.read_bytes() + "泌阳县测试有限公司".encode("gbk") + b",x\n")
    report = enterprise_import_commit(actor=None, path=path)
    assert not report.committed and "无法按 UTF-8 解码" in report.file_error and "第602行" in report.file_error
    assert Enterprise.objects.count() == 0


def test_file_over_the_size_limit_is_refused_before_parsing(tmp_path, settings):
    settings.ANJIAN_IMPORT_MAX_BYTES = 1000
    path = write_csv(tmp_path / "big.csv", rows_for(20))
    report = enterprise_import_commit(actor=None, path=path)
    assert not report.committed and "超过导入上限" in report.file_error and report.rows == 0
    assert enterprise_import_commit(actor=None, path=path, max_bytes=0).committed  # trusted callers: no limit


@pytest.mark.parametrize(("header", "expected"), [
    (["统一社会信用代码", "单位名称", "属地区划代码", "行业领域", "备注"], "无法识别的列：备注"),
    (["统一社会信用代码", "单位名称", "行业领域"], "缺少必填列：属地区划代码"),
    (["统一社会信用代码", "单位名称", "属地区划代码", "行业领域", "单位名称"], "重复的列：单位名称"),
])
def test_bad_headers_are_a_file_level_error(tmp_path, header, expected):
    path = tmp_path / "h.csv"
    path.write_text(",".join(header) + "\n" + ",".join(["x"] * len(header)) + "\n", encoding="utf-8")
    report = enterprise_import_preview(actor=None, path=path)
    assert expected in report.file_error and "表头不正确" in report.file_error


def test_header_markers_and_blank_rows_are_tolerated(tmp_path):
    rows = rows_for(2)
    path = tmp_path / "a.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["*统一社会信用代码", "单位名称（必填）", " 属地区划代码 ", "行业领域*", ""])
        writer.writerow([rows[0]["uscc"], rows[0]["name"], "411726", "工贸", ""])
        writer.writerow(["", "", "", "", ""])
        writer.writerow([rows[1]["uscc"], rows[1]["name"], "411726", "工贸", ""])
    report = enterprise_import_commit(actor=None, path=path)
    assert report.committed and report.rows == 2


# ---------------------------------------------------------------- XLSX

def test_xlsx_numbers_read_as_floats_are_normalised(tmp_path):
    rows = rows_for(3)
    data = []
    for r in rows:
        values = [r[f] for f in FIELDS]
        values[FIELDS.index("region")] = int(r["region"])  # calamine returns 411726.0
        values[FIELDS.index("contact_phone")] = int(r["contact_phone"])
        values[FIELDS.index("longitude")] = float(r["longitude"])
        data.append(values)
    report = enterprise_import_commit(actor=None, path=write_xlsx(tmp_path / "a.xlsx", LABELS, data))
    assert report.committed, (report.file_error, messages(report))
    assert report.format == "xlsx"
    stored = Enterprise.objects.get(uscc=rows[0]["uscc"])
    assert stored.region_id == "411726" and stored.contact_phone == rows[0]["contact_phone"]
    assert str(stored.longitude) == rows[0]["longitude"]


def test_xlsx_row_numbers_match_the_sheet(tmp_path):
    rows = rows_for(3)
    data = [[r[f] for f in FIELDS] for r in rows]
    data[2][FIELDS.index("region")] = "999999"
    report = enterprise_import_preview(actor=None, path=write_xlsx(tmp_path / "a.xlsx", LABELS, data))
    assert [(e.row, e.column) for e in report.errors] == [(4, "属地区划代码")]


def test_export_then_import_round_trip(tmp_path, make_user):
    rows = rows_for(15, counties=(BIYANG, XIPING))
    assert enterprise_import_commit(actor=None, path=write_csv(tmp_path / "a.csv", rows)).committed
    before = {e.uscc: (e.name, e.industry, e.risk_level, e.region_id, e.liability_insured, e.longitude, e.scale)
              for e in Enterprise.objects.all()}
    user = make_user("411700", Role.OFFICER)
    out = tmp_path / "export.xlsx"
    with out.open("wb") as fh:
        enterprise_export_xlsx(user=user, filters=EnterpriseFilters(), target=fh)
    again = enterprise_import_commit(actor=None, path=out)
    assert again.committed and (again.created, again.updated) == (0, 15)
    Enterprise.objects.all().delete()
    fresh = enterprise_import_commit(actor=None, path=out)
    assert fresh.committed and fresh.created == 15
    after = {e.uscc: (e.name, e.industry, e.risk_level, e.region_id, e.liability_insured, e.longitude, e.scale)
             for e in Enterprise.objects.all()}
    assert after == before


def test_export_is_filtered_and_scoped(tmp_path, make_user, make_enterprise):
    make_enterprise("411726", name="泌阳化工有限公司", industry="chemical")
    make_enterprise("411726", name="泌阳机械有限公司", industry="industry_trade")
    make_enterprise("411721", name="西平化工有限公司", industry="chemical")
    user = make_user("411726", Role.OFFICER)
    out = io.BytesIO()
    enterprise_export_xlsx(user=user, filters=EnterpriseFilters(industry="chemical"), target=out)
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(out.getvalue())).get_sheet_by_index(0).to_python()
    assert sheet[0] == LABELS
    assert [r[1] for r in sheet[1:]] == ["泌阳化工有限公司"]
    assert sheet[1][3] == "化工"


def test_export_neutralises_formulas_and_writes_codes_as_text(make_user, make_enterprise):
    from openpyxl import load_workbook

    make_enterprise("411726", uscc="914117260000000011", name="=HYPERLINK(\"http://x\",\"点我\")",
                    address="@SUM(A1)", contact_person="-2+3", contact_phone="+8613800000000",
                    legal_representative="+cmd|' /C calc'!A0")
    user = make_user("411726", Role.OFFICER)
    out = io.BytesIO()
    enterprise_export_xlsx(user=user, filters=EnterpriseFilters(), target=out)
    out.seek(0)
    ws = load_workbook(out).worksheets[0]
    row = {ws.cell(1, i).value: ws.cell(2, i) for i in range(1, ws.max_column + 1)}
    assert row["单位名称"].value == "'=HYPERLINK(\"http://x\",\"点我\")" and row["单位名称"].data_type == "s"
    assert row["地址"].value == "'@SUM(A1)"
    assert row["安全负责人"].value == "'-2+3"
    assert row["联系电话"].value == "'+8613800000000"
    assert row["法定代表人"].value.startswith("'+cmd")
    assert row["统一社会信用代码"].value == "914117260000000011" and row["统一社会信用代码"].data_type == "s"
    assert row["属地区划代码"].value == "411726" and row["属地区划代码"].data_type == "s"


def test_template_has_the_header_row_and_notes(tmp_path):
    out = io.BytesIO()
    enterprise_template_xlsx(out)
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(out.getvalue()))
    assert workbook.sheet_names == ["生产经营单位", "填写说明"]
    assert workbook.get_sheet_by_index(0).to_python() == [LABELS]
    path = tmp_path / "t.xlsx"
    path.write_bytes(out.getvalue())
    assert "没有数据行" in enterprise_import_preview(actor=None, path=path).file_error


# ---------------------------------------------------------------- scope

def test_county_user_cannot_import_into_another_county(tmp_path, make_user):
    user = make_user("411726", Role.OFFICER)
    rows = rows_for(4, counties=(BIYANG, XIPING))
    report = enterprise_import_commit(actor=user, path=write_csv(tmp_path / "a.csv", rows))
    assert not report.committed and Enterprise.objects.count() == 0
    assert [(e.row, e.column) for e in report.errors] == [(3, "属地区划代码"), (5, "属地区划代码")]
    assert "不在本单位管辖范围内" in report.errors[0].reason


def test_existing_enterprise_of_another_county_is_never_overwritten(tmp_path, make_user, make_enterprise):
    theirs = make_enterprise("411721", name="西平县的企业有限公司")
    user = make_user("411726", Role.OFFICER)
    row = {**rows_for(1)[0], "uscc": theirs.uscc, "region": "411726", "name": "抢过来的名称有限公司"}
    report = enterprise_import_commit(actor=user, path=write_csv(tmp_path / "a.csv", [*rows_for(2, seed=9), row]))
    assert not report.committed
    assert [(e.row, e.column) for e in report.errors] == [(4, "统一社会信用代码")]
    assert report.errors[0].reason == HELD_ELSEWHERE.format(uscc=theirs.uscc) and "西平" not in report.errors[0].reason
    theirs.refresh_from_db()
    assert theirs.name == "西平县的企业有限公司" and Enterprise.objects.count() == 1


def test_a_uscc_held_elsewhere_reads_the_same_whoever_holds_it(tmp_path, make_user, make_enterprise):
    """The message names no region: a sibling county, another city or the province read alike, byte for byte."""
    user = make_user("411726", Role.OFFICER)
    reasons = []
    for region in ("411721", "410100", "410000"):
        theirs = make_enterprise(region)
        row = {**rows_for(1)[0], "uscc": theirs.uscc, "region": "411726"}
        report = enterprise_import_preview(actor=user, path=write_csv(tmp_path / f"{region}.csv", [row]))
        reasons.append(report.errors[0].reason.replace(theirs.uscc, "USCC"))
    assert reasons[0] == reasons[1] == reasons[2] == HELD_ELSEWHERE.format(uscc="USCC")


def test_city_user_imports_into_its_counties_and_audit_names_the_actor(tmp_path, make_user):
    user = make_user("411700", Role.OFFICER)
    report = enterprise_import_commit(actor=user, path=write_csv(tmp_path / "a.csv",
                                                                  rows_for(6, counties=(BIYANG, XIPING))))
    assert report.committed and report.created == 6
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.actor_id == user.pk and event.actor_agency.region_id == "411700"


def test_user_without_any_import_scope_gets_a_file_error(tmp_path, make_user):
    user = make_user("411726", Role.READ_ONLY)
    report = enterprise_import_commit(actor=user, path=write_csv(tmp_path / "a.csv", rows_for(2)))
    assert not report.committed and report.file_error


# ---------------------------------------------------------------- CLI

def test_cli_previews_without_writing(tmp_path, capsys):
    path = write_csv(tmp_path / "a.csv", rows_for(5))
    call_command("import", "enterprises", str(path))
    out = capsys.readouterr().out
    assert "预检通过" in out and "将新增 5" in out
    assert Enterprise.objects.count() == 0


def test_cli_commit_writes_and_prints_counts(tmp_path, capsys, make_enterprise):
    existing = make_enterprise("411726")
    rows = rows_for(5)
    rows[0]["uscc"] = existing.uscc
    call_command("import", "enterprises", str(write_csv(tmp_path / "a.csv", rows)), "--commit")
    out = capsys.readouterr().out
    assert "新增 4" in out and "更新 1" in out
    assert Enterprise.objects.count() == 5


def test_cli_fails_with_the_error_report_and_writes_nothing(tmp_path, capsys):
    rows = rows_for(5)
    rows[3]["region"] = "123456"
    with pytest.raises(CommandError, match="有错误的行 1"):
        call_command("import", "enterprises", str(write_csv(tmp_path / "a.csv", rows)), "--commit")
    assert "第5行 属地区划代码：区划代码“123456”" in capsys.readouterr().err
    assert Enterprise.objects.count() == 0


def test_cli_acts_as_a_user_within_their_scope(tmp_path, make_user):
    make_user("411726", Role.OFFICER, username="biyang")
    path = write_csv(tmp_path / "a.csv", rows_for(4, counties=(BIYANG, XIPING)))
    with pytest.raises(CommandError):
        call_command("import", "enterprises", str(path), "--commit", "--user", "biyang")
    assert Enterprise.objects.count() == 0
    with pytest.raises(CommandError, match="账号不存在"):
        call_command("import", "enterprises", str(path), "--user", "nobody")
    call_command("import", "enterprises", str(write_csv(tmp_path / "b.csv", rows_for(3))), "--commit",
                 "--user", "biyang")
    assert Enterprise.objects.count() == 3


def test_cli_reports_unreadable_files(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="文件是空的"):
        call_command("import", "enterprises", str(path))
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("import", "enterprises", str(tmp_path / "missing.csv"))



def test_text_with_backslashes_tabs_and_newlines_is_stored_exactly(tmp_path):
    rows = rows_for(3)
    rows[1]["name"] = "反斜杠\\N与\t制表符\n换行有限公司"
    rows[1]["address"] = "C:\\路\\1号"
    report = enterprise_import_commit(actor=None, path=write_csv(tmp_path / "a.csv", rows))
    assert report.committed
    stored = Enterprise.objects.get(uscc=rows[1]["uscc"])
    assert stored.name == rows[1]["name"] and stored.address == rows[1]["address"]
    assert stored.longitude is not None and stored.liability_insured == (rows[1]["liability_insured"] == "是")


@pytest.mark.parametrize("bad", ["row", "scope"])
def test_a_failure_after_chunks_were_written_rolls_everything_back(tmp_path, monkeypatch, make_user,
                                                                    make_enterprise, bad):
    from anjian.enterprises import importing

    monkeypatch.setattr(importing, "CHUNK", 10)
    theirs = make_enterprise("411721", name="西平县的企业有限公司")
    user = make_user("411726", Role.OFFICER)
    rows = rows_for(95)
    if bad == "row":
        rows[90]["risk_level"] = "紫色"
    else:  # found only when the chunk's existing USCCs are looked up
        rows[90]["uscc"] = theirs.uscc
    before = AuditEvent.objects.count()
    report = enterprise_import_commit(actor=user, path=write_csv(tmp_path / "a.csv", rows))
    assert not report.committed and report.error_rows == 1 and report.errors[0].row == 92
    assert Enterprise.objects.count() == 1 and AuditEvent.objects.count() == before
    assert report.created == 94  # the preview counts stay meaningful


def test_many_chunks_with_updates_commit_on_every_database(tmp_path, monkeypatch, make_enterprise):
    from anjian.enterprises import importing

    monkeypatch.setattr(importing, "CHUNK", 7)
    rows = rows_for(50)
    old = [make_enterprise("411726", uscc=rows[i]["uscc"], name=f"旧{i}有限公司", risk_level="red")
           for i in (3, 20, 49)]
    report = enterprise_import_commit(actor=None, path=write_csv(tmp_path / "a.csv", rows))
    assert report.committed and (report.created, report.updated) == (47, 3)
    assert Enterprise.objects.count() == 50
    for enterprise in old:
        enterprise.refresh_from_db()
        assert not enterprise.name.startswith("旧") and enterprise.risk_level == next(
            r["risk_level"] for r in rows if r["uscc"] == enterprise.uscc)


def test_a_nul_character_far_into_the_file_is_refused(tmp_path):
    path = write_csv(tmp_path / "a.csv", rows_for(600))
    row = rows_for(1, seed=99)[0]
    path.write_bytes(path.read_bytes() + ",".join([row["uscc"], "有\x00空字符有限公司", "411726", "工贸"]).encode())
    for service in (enterprise_import_preview, enterprise_import_commit):
        report = service(actor=None, path=path)
        assert not report.ok and "第602行含有空字符" in report.file_error
    assert Enterprise.objects.count() == 0
