"""Redaction of published penalty decisions: no identity-card or mobile number, no person's full name or home
address survives; the unit's name and USCC do."""

import re

from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.redaction import mask_address, mask_name, redact

USCC = "91411726MA44XY1234"  # a unit's code: published as it is
UNIT = "泌阳县张三五金有限公司"

# Text around the personal data: Chinese, ASCII letters, punctuation and short numbers (amounts, dates).
FILLER = st.text(alphabet=st.sampled_from(list("的了在是有罚款元年月日号，。；：、（）() -abcXY0123456789")),
                 max_size=30)


def _id_check(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]


IDS = st.builds(lambda region, y, m, d, seq: (lambda s: s + _id_check(s))(f"{region}{y:04d}{m:02d}{d:02d}{seq:03d}"),
                st.sampled_from(["411726", "410102", "110101"]), st.integers(1940, 2010), st.integers(1, 12),
                st.integers(1, 28), st.integers(0, 999))
MOBILES = st.builds(lambda second, rest: f"1{second}{rest:09d}", st.sampled_from("3456789"),
                    st.integers(0, 999_999_999))
SEPARATORS = st.sampled_from(["", " ", "-"])
SURNAMES = st.sampled_from(["张", "王", "李", "赵", "欧阳", "司马"])
GIVEN = st.text(alphabet=st.sampled_from(list("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞")), min_size=1, max_size=2)


def test_known_names_keep_only_the_surname():
    assert mask_name("张三") == "张某某"
    assert mask_name("欧阳娜娜") == "欧阳某某"
    assert redact("当事人张三于2024年5月6日", names=["张三"]) == "当事人张某某于2024年5月6日"


def test_labelled_people_are_masked_without_being_named():
    text = "法定代表人：李四，联系人：王小明。负责人：泌阳县应急管理局"
    assert redact(text) == "法定代表人：李某某，联系人：王某某。负责人：泌阳县应急管理局"


def test_identity_card_phone_address_account_and_email():
    text = ("身份证号码：41172619900101123X，电话：13812345678、138 1234 5678、0396-1234567，"
            "住址：河南省泌阳县花园街道幸福路12号，开户银行账号：6222 0210 0112 3456 789，邮箱zhangsan@example.com")
    assert redact(text) == (
        "身份证号码：411726************，电话：138****5678、138****5678、0396-*******，"
        "住址：河南省泌阳县****，开户银行账号：***************6789，邮箱z***@example.com")


def test_unit_name_and_uscc_are_published():
    text = f"当事人：{UNIT}，统一社会信用代码：{USCC}，法定代表人：张三。"
    out = redact(text, names=["张三"], keep=[UNIT, USCC])
    assert UNIT in out and USCC in out
    assert out.endswith("法定代表人：张某某。")


def test_known_home_address_is_cut_to_the_county():
    assert mask_address("河南省驻马店市泌阳县花园街道1号") == "河南省驻马店市****"
    assert redact("家住河南省泌阳县花园街道1号附近", addresses=["河南省泌阳县花园街道1号"]) == "家住河南省泌阳县****附近"


@given(FILLER, IDS, FILLER, MOBILES, SEPARATORS, FILLER)
def test_no_identity_card_or_mobile_number_survives(a, id_number, b, mobile, sep, c):
    spaced = f"{mobile[:3]}{sep}{mobile[3:7]}{sep}{mobile[7:]}"
    out = redact(f"{a}{id_number}{b}{spaced}{c}", keep=[UNIT, USCC])
    assert not re.search(r"\d{17}[\dXx]", out)
    assert id_number not in out
    assert mobile not in re.sub(r"[ -]", "", out)
    assert not re.search(r"1[3-9]\d{9}", out)


@given(FILLER, IDS, FILLER)
def test_kept_uscc_survives_next_to_personal_data(a, id_number, b):
    out = redact(f"{a}{USCC}{id_number}{b}{UNIT}", keep=[UNIT, USCC])
    assert USCC in out and UNIT in out and id_number not in out


@given(SURNAMES, GIVEN, FILLER, FILLER)
def test_a_named_person_never_survives_and_keeps_the_surname(surname, given_name, a, b):
    name = surname + given_name
    out = redact(f"{a}{name}{b}", names=[name])
    assert name not in out
    assert f"{surname}某某" in out


@given(FILLER, IDS, MOBILES, SURNAMES, GIVEN, FILLER)
def test_redaction_is_idempotent(a, id_number, mobile, surname, given_name, b):
    name = surname + given_name
    text = f"{a}姓名：{name}，身份证{id_number}，手机{mobile}，住址：河南省泌阳县某路{b}"
    once = redact(text, names=[name], keep=[USCC])
    assert redact(once, names=[name], keep=[USCC]) == once
