"""Document content fields: pure parsing and checking (no Django)."""

import pytest

from anjian.documents.fields import (
    FIELDS,
    clean_content,
    date_cn,
    fields_for,
    issue_errors,
    parse_date,
    parse_text,
    sample_content,
    to_text,
)


def field(template, name):
    return next(f for f in fields_for(template) if f.name == name)


@pytest.mark.parametrize("text", ["2024-06-30", "2024/6/30", "2024年6月30日", "2024.06.30"])
def test_dates_in_the_usual_spellings(text):
    assert parse_date(text) == "2024-06-30"
    assert date_cn(parse_date(text)) == "2024年6月30日"


@pytest.mark.parametrize("text", ["2024-02-30", "六月", "30/6/2024"])
def test_bad_dates_are_refused_with_a_reason(text):
    with pytest.raises(ValueError, match="日期"):
        parse_date(text)


def test_problems_and_inspectors_round_trip_through_the_form_text():
    problems = field("zegai", "problems")
    value = parse_text(problems, "安全出口堵塞｜2024-06-30\n未建立制度|2024/7/1\n\n")
    assert value == [{"text": "安全出口堵塞", "deadline": "2024-06-30"}, {"text": "未建立制度", "deadline": "2024-07-01"}]
    assert parse_text(problems, to_text(problems, value)) == value
    inspectors = field("zegai", "inspectors")
    people = parse_text(inspectors, "张 执法 41172600000001\n李四")
    assert people == [{"name": "张 执法", "certificate": "41172600000001"}, {"name": "李四", "certificate": ""}]


def test_issue_needs_required_fields_two_certified_inspectors_and_deadlines():
    content, errors = clean_content("zegai", {"problems": [{"text": "x"}], "inspectors": [{"name": "张"}]})
    assert errors == []
    reasons = [r for _, r in issue_errors("zegai", content)]
    assert "缺少被检查单位（当事人）" in reasons and "缺少检查日期" in reasons
    assert "执法人员不得少于两人" in reasons and "执法人员 张 缺少执法证号" in reasons
    assert "第 1 项问题缺少整改期限" in reasons


def test_sample_content_of_every_template_is_complete_enough_to_issue():
    for template in FIELDS:
        content, errors = clean_content(template, sample_content(template))
        assert errors == [] and issue_errors(template, {**content, "addressee": "某公司"}) == [], template


def test_unknown_keys_are_kept_and_wrong_shapes_refused():
    content, errors = clean_content("generic", {"body": "正文", "hazard_id": 7})
    assert content["hazard_id"] == 7 and errors == []
    _, errors = clean_content("zegai", {"problems": 5})
    assert errors and "存在的问题" in errors[0][1]
    assert clean_content("zegai", "not a dict")[1] == [("content", "文书内容应为键值对象")]
