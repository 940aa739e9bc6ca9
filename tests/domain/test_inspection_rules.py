from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.inspection_rules import (
    DEADLINE_BEFORE_INSPECTION,
    EVIDENCE_LIMITS_DEFAULT,
    TEAM_TOO_SMALL,
    TeamMember,
    deadline_problem,
    evidence_problem,
    frequency_warnings,
    hazard_problems,
    sniff_media,
    team_problems,
)

DAY = date(2025, 6, 10)


def ok(officer_id, name="甲"):
    return TeamMember(officer_id, "active", date(2027, 1, 1), True, name)


def test_two_valid_officers_may_inspect():
    assert team_problems([ok(1), ok(2)], DAY) == []


def test_one_officer_is_refused():
    assert team_problems([ok(1)], DAY) == [TEAM_TOO_SMALL]
    assert TEAM_TOO_SMALL == "执法检查须由两名以上执法人员进行"


def test_the_same_officer_twice_counts_once():
    assert team_problems([ok(1), ok(1), (1, "active", date(2027, 1, 1), True)], DAY) == [TEAM_TOO_SMALL]


def test_an_expired_certificate_is_named_with_its_date():
    expired = TeamMember(3, "active", date(2025, 6, 9), True, "王五")
    assert team_problems([ok(1), ok(2), expired], DAY) == ["执法人员王五的执法证已于2025-06-09过期"]
    # valid through the last day
    assert team_problems([ok(1), TeamMember(3, "active", DAY, True, "王五")], DAY) == []


def test_suspended_revoked_and_off_post_officers_are_refused():
    problems = team_problems([ok(1), TeamMember(2, "suspended", date(2027, 1, 1), True, "乙"),
                              TeamMember(3, "revoked", date(2027, 1, 1), True, "丙"),
                              TeamMember(4, "active", date(2027, 1, 1), False, "丁")], DAY)
    assert problems == ["执法人员乙的执法证已暂扣，不能参加执法检查", "执法人员丙的执法证已注销，不能参加执法检查",
                        "执法人员丁不在岗，不能参加执法检查", TEAM_TOO_SMALL]


members = st.lists(st.tuples(st.integers(1, 6), st.sampled_from(["active", "suspended", "revoked"]),
                             st.dates(date(2024, 1, 1), date(2026, 12, 31)), st.booleans()), max_size=8)


@given(members, st.dates(date(2024, 1, 1), date(2026, 12, 31)))
def test_team_is_accepted_exactly_when_every_member_is_valid_and_there_are_two(team, day):
    first = {}
    for m in team:
        first.setdefault(m[0], m)
    valid = [m for m in first.values() if m[1] == "active" and m[2] >= day and m[3]]
    problems = team_problems(team, day)
    assert (problems == []) == (len(valid) >= 2 and len(valid) == len(first))
    assert (TEAM_TOO_SMALL in problems) == (len(valid) < 2)
    assert len(problems) == len(first) - len(valid) + (len(valid) < 2)  # one reason per invalid officer


@given(st.dates(), st.dates())
def test_deadline_before_the_inspection_date_is_refused(deadline, day):
    assert (deadline_problem(deadline, day) == DEADLINE_BEFORE_INSPECTION) == (deadline < day)


def test_hazard_handling_rules():
    base = {"measures": [], "deadline": None, "is_major": False, "inspection_date": DAY}
    assert hazard_problems(handling="on_spot", **base) == []
    assert hazard_problems(handling="deadline", **base) == ["限期整改须填写整改期限"]
    assert hazard_problems(handling="deadline", **{**base, "deadline": DAY - timedelta(days=1)}) == [
        "整改期限不能早于检查日期"]
    assert hazard_problems(handling="measures", **base) == ["请至少选择一项现场处理措施"]
    assert hazard_problems(handling="measures", **{**base, "measures": ["evacuate", "cut_power"]}) == []
    assert hazard_problems(handling="measures", **{**base, "measures": ["halt"]}) == [
        "“停产”措施仅适用于重大事故隐患"]
    assert hazard_problems(handling="measures", **{**base, "measures": ["halt"], "is_major": True}) == []
    assert hazard_problems(handling="measures", **{**base, "measures": ["bogus"]}) == ["未知的现场处理措施：bogus"]


def test_frequency_cap_and_joint_inspection_window():
    assert frequency_warnings("general", [], 30, 2, DAY) == []
    one = [(date(2025, 3, 1), "驻马店市应急管理局")]
    assert frequency_warnings("general", one, 30, 2, DAY) == []
    two = one + [(date(2025, 6, 20), "泌阳县应急管理局")]
    warnings = frequency_warnings("general", two, 30, 2, DAY)
    assert warnings[0] == "本次检查后该单位本年度将被检查3次，超过一般检查单位每年2次的上限"
    assert "泌阳县应急管理局已于2025-06-20安排检查" in warnings[1] and "综合查一次" in warnings[1]
    assert len(warnings) == 2
    assert frequency_warnings("key", two, 30, 4, DAY)[0].startswith("泌阳县应急管理局")


@given(st.lists(st.dates(date(2025, 1, 1), date(2025, 12, 31)), max_size=6), st.integers(0, 60), st.integers(1, 6))
def test_frequency_warnings_count(days, window, cap):
    rows = [(d, "某局") for d in days]
    warnings = frequency_warnings("key", rows, window, cap, DAY)
    near = sum(1 for d in days if abs((d - DAY).days) <= window)
    assert len(warnings) == near + (1 if len(days) + 1 > cap else 0)


def test_media_is_recognised_by_content_not_name():
    assert sniff_media(b"\xff\xd8\xff\xe0....") == "image/jpeg"
    assert sniff_media(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert sniff_media(b"%PDF-1.7") == "application/pdf"
    assert sniff_media(b"PK\x03\x04", ["word/document.xml"]).endswith("wordprocessingml.document")
    assert sniff_media(b"PK\x03\x04", ["xl/workbook.xml"]).endswith("spreadsheetml.sheet")
    assert sniff_media(b"PK\x03\x04", ["evil.exe"]) is None
    assert sniff_media(b"RIFF\x00\x00\x00\x00WAVEfmt ") == "audio/wav"
    assert sniff_media(b"\x00\x00\x00\x20ftypM4A ") == "audio/mp4"
    assert sniff_media(b"\x00\x00\x00\x20ftypisom") == "video/mp4"
    assert sniff_media(b"ID3\x04") == "audio/mpeg"
    assert sniff_media(b"MZ\x90\x00") is None


def test_evidence_problems():
    limits = EVIDENCE_LIMITS_DEFAULT
    assert evidence_problem(name="a.jpg", declared_kind="", mime="image/jpeg", size=100, limits=limits) is None
    assert "不是有效的图片文件" in evidence_problem(name="a.jpg", declared_kind="", mime=None, size=100, limits=limits)
    assert "不是有效的图片文件" in evidence_problem(name="a.bin", declared_kind="photo", mime="application/pdf",
                                                    size=100, limits=limits)
    too_big = evidence_problem(name="a.png", declared_kind="", mime="image/png", size=limits["photo"] + 1,
                               limits=limits)
    assert "超过照片上限 10.0 MB" in too_big
    assert "不受支持" in evidence_problem(name="a.exe", declared_kind="", mime=None, size=5, limits=limits)
    assert "与所选类型" in evidence_problem(name="a.pdf", declared_kind="video", mime="application/pdf", size=5,
                                            limits=limits)
