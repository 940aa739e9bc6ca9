"""Deterministic, realistic demo enterprises (valid USCCs, names, industries, classes, risk levels)."""

import random
from collections.abc import Iterator, Sequence

from anjian.domain.identifiers import USCC_ALPHABET, uscc_check_char

BRANDS = ("恒达", "华鑫", "宏源", "金盛", "中原", "豫兴", "天瑞", "永安", "瑞丰", "鼎盛", "兴业", "昌达", "嘉禾", "隆基",
          "富润", "新纪元", "长城", "神马", "安泰", "万通", "泰山", "鸿运", "黄河", "伏牛", "嵩岳", "太行", "同力",
          "宇通", "华丰", "众诚", "信达", "润泽", "远航", "明辉", "正阳", "国泰", "祥和", "益民", "卓越", "博大")
INDUSTRY_WORDS = {
    "non_coal_mine": ("矿业", "石料", "建材矿业", "砂石"),
    "hazardous_chemicals": ("化工", "燃气", "危化品储运", "石化"),
    "fireworks": ("烟花爆竹", "花炮"),
    "metal_smelting": ("冶金", "铝业", "钢铁", "铸造"),
    "combustible_dust": ("面粉", "木业", "粮油", "饲料"),
    "confined_space": ("食品", "酿造", "污水处理", "纸业"),
    "industry_trade": ("机械制造", "纺织", "建材", "电器"),
    "chemical": ("化学", "精细化工", "化肥"),
    "pharmaceutical": ("制药", "药业", "生物医药"),
    "safety_assessment": ("安全评价", "安全技术咨询"),
    "testing_agency": ("检测检验", "安全检测"),
    "training_agency": ("安全培训", "职业技能培训"),
}
# Rough share of each industry among supervised units.
INDUSTRY_WEIGHTS = {"industry_trade": 40, "combustible_dust": 10, "confined_space": 10, "hazardous_chemicals": 10,
                    "non_coal_mine": 8, "metal_smelting": 5, "chemical": 6, "pharmaceutical": 3, "fireworks": 3,
                    "safety_assessment": 1, "testing_agency": 2, "training_agency": 2}
SUFFIXES = ("有限公司", "有限责任公司", "股份有限公司", "厂")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅志强海燕文博宇浩然欣怡子涵晨阳"
ROADS = ("人民路", "建设路", "中原路", "解放路", "工业路", "文化路", "黄河路", "迎宾大道", "产业集聚区纬二路", "开发区经三路")
ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def make_uscc(county_code: str, serial: int) -> str:
    """A valid USCC for a company (91…) registered in `county_code`; distinct serials give distinct codes."""
    body = ""
    n = serial
    for _ in range(9):
        n, r = divmod(n, 31)
        body = ORG_ALPHABET[r] + body
    first17 = "91" + county_code + body
    assert all(c in USCC_ALPHABET for c in first17)
    return first17 + uscc_check_char(first17)


def enterprise_rows(counties: Sequence[tuple[str, str]], n: int, seed: int) -> Iterator[dict[str, str]]:
    """n rows in the import format; counties: (code, name). Same (counties, n, seed) → same rows."""
    rng = random.Random(seed)
    industries = list(INDUSTRY_WEIGHTS)
    weights = list(INDUSTRY_WEIGHTS.values())
    serial_base = rng.randrange(31**6)
    for i in range(n):
        code, county_name = counties[i % len(counties)]
        industry = rng.choices(industries, weights)[0]
        place = county_name.rstrip("县市区") if len(county_name) > 2 else county_name
        name = f"{place}{rng.choice(BRANDS)}{rng.choice(INDUSTRY_WORDS[industry])}{rng.choice(SUFFIXES)}"
        high_risk = industry in {"hazardous_chemicals", "non_coal_mine", "fireworks", "metal_smelting", "chemical"}
        risk = rng.choices(("red", "orange", "yellow", "blue"), (3, 12, 35, 50) if high_risk else (1, 4, 25, 70))[0]
        key = high_risk and rng.random() < 0.6 or risk in {"red", "orange"} or rng.random() < 0.08
        yield {
            "uscc": make_uscc(code, serial_base + i),
            "name": name,
            "region": code,
            "industry": industry,
            "supervision_class": "key" if key else "general",
            "risk_level": risk,
            "address": f"{county_name}{rng.choice(ROADS)}{rng.randint(1, 999)}号",
            "scale": rng.choices(("large", "medium", "small", "micro"), (3, 12, 50, 35))[0],
            "legal_representative": person_name(rng),
            "contact_person": person_name(rng),
            "contact_phone": f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}",
            "liability_insured": "是" if (high_risk or rng.random() < 0.55) else "否",
            "status": rng.choices(("operating", "suspended", "closed"), (92, 6, 2))[0],
            "is_central_branch": "是" if rng.random() < 0.01 else "否",
            "is_provincially_managed": "是" if rng.random() < 0.02 else "否",
            # Anywhere in Henan's box (an import's test rows); the demo (anjian.home.demo) places them in the county.
            "longitude": f"{rng.uniform(111.0, 116.5):.6f}",
            "latitude": f"{rng.uniform(31.5, 36.3):.6f}",
        }
