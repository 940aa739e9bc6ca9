from collections import Counter
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.campaign_rules import (
    CampaignInvalid,
    Group,
    arrangement_text,
    deadline_status,
    deadline_statuses,
    enterprise_count_problems,
    group_problems,
    round_pairs,
)

NAMES = {"410500": "安阳", "410600": "鹤壁", "410900": "濮阳", "411300": "南阳", "411500": "信阳"}


def test_ring_is_a_cycle_and_mutual_inspect_each_other():
    pairs = round_pairs([Group("ring", ("410500", "410600", "410900")), Group("mutual", ("411300", "411500"))])
    assert [(p.group, p.inspecting, p.inspected) for p in pairs] == [
        (1, "410500", "410600"), (1, "410600", "410900"), (1, "410900", "410500"),
        (2, "411300", "411500"), (2, "411500", "411300")]
    assert arrangement_text(pairs[:3], NAMES) == "安阳检查鹤壁、鹤壁检查濮阳、濮阳检查安阳"


def test_in_city_rotates_counties_and_demonstration_team_visits_listed_units():
    pairs = round_pairs([Group("in_city", ("411721", "411726", "411722")), Group("demonstration", ("411300",))],
                        team="410000")
    assert [(p.inspecting, p.inspected) for p in pairs] == [
        ("411721", "411726"), ("411726", "411722"), ("411722", "411721"), ("410000", "411300")]


@pytest.mark.parametrize("groups, message", [
    ([Group("ring", ())], "第1组（局域式）为空"),
    ([Group("ring", ("410500", "410600")), Group("mutual", ("410600", "411300"))], "鹤壁同时在本轮次第1组和第2组中"),
    ([Group("ring", ("410500",))], "只有一个单位，会检查自己"),
    ([Group("mutual", ("410500", "410600", "410900"))], "须恰好由两个单位组成"),
    ([Group("ring", ("410500", "410600", "410500"))], "安阳重复出现，单位不能检查自己"),
    ([Group("in_city", ("411721", "410201"))], "须由同一市所辖县（区）组成"),
    ([Group("patrol", ("410500", "410600"))], "请选择执法模式"),
])
def test_bad_groups_are_refused_with_chinese_messages(groups, message):
    with pytest.raises(CampaignInvalid) as exc:
        round_pairs(groups, names=NAMES)
    assert any(message in p for p in exc.value.problems), exc.value.problems


def test_demonstration_team_cannot_inspect_its_own_unit():
    with pytest.raises(CampaignInvalid, match="不能检查"):
        round_pairs([Group("demonstration", ("410000", "411300"))], team="410000")


def test_a_city_may_be_in_a_ring_and_visited_by_the_demonstration_team():
    assert group_problems([Group("ring", ("410500", "410600")), Group("demonstration", ("410500",))]) == []


def test_minimum_enterprises_12_or_10_for_demonstration():
    assert enterprise_count_problems("ring", 12) == []
    assert enterprise_count_problems("mutual", 11, "南阳→信阳") == [
        "南阳→信阳：互查式异地执法检查每轮次检查企业数不少于12家，现为11家"]
    assert enterprise_count_problems("demonstration", 10) == []
    assert "不少于10家" in enterprise_count_problems("demonstration", 9)[0]
    assert enterprise_count_problems("in_city", 0) == []


def test_deadline_status():
    today = date(2023, 5, 1)
    assert deadline_status(date(2023, 5, 5), today) == "due"
    assert deadline_status(date(2023, 4, 30), today) == "overdue"
    assert deadline_status(date(2023, 4, 30), today, done=True) == "done"
    assert deadline_status(date(2023, 6, 30), today) == "upcoming"
    rows = deadline_statuses([{"name": "第一轮总结", "date": date(2023, 6, 30)},
                              {"name": "第一轮方案", "date": date(2023, 5, 5)}], today)
    assert [(r["name"], r["label"]) for r in rows] == [("第一轮方案", "即将到期"), ("第一轮总结", "未到期")]


units = st.lists(st.sampled_from([f"41{n:02d}00" for n in range(1, 18)]), min_size=2, max_size=17, unique=True)


@given(units, st.integers(min_value=2, max_value=5))
def test_rings_never_self_inspect_and_everyone_inspects_and_is_inspected_once(members, size):
    groups = [Group("ring", tuple(members[i:i + size])) for i in range(0, len(members), size)]
    groups = [g for g in groups if len(g.members) >= 2]
    pairs = round_pairs(groups)
    assert all(p.inspecting != p.inspected for p in pairs)
    in_groups = [m for g in groups for m in g.members]
    assert Counter(p.inspecting for p in pairs) == Counter(in_groups)
    assert Counter(p.inspected for p in pairs) == Counter(in_groups)
    assert all(c == 1 for c in Counter(p.inspecting for p in pairs).values())


@given(st.lists(st.lists(st.sampled_from(["410100", "410200", "410300", "410400"]), max_size=4), max_size=3),
       st.sampled_from(["ring", "mutual"]))
def test_arbitrary_groups_either_refused_or_never_self_inspect(member_lists, mode):
    groups = [Group(mode, tuple(m)) for m in member_lists]
    try:
        pairs = round_pairs(groups)
    except CampaignInvalid as exc:
        assert exc.problems
    else:
        assert all(p.inspecting != p.inspected for p in pairs)
        flat = [m for g in groups for m in g.members]
        assert len(flat) == len(set(flat))
