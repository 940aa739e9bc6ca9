"""Seed 004: 河南省应急管理厅2024年度安全生产双随机一公开监督检查实施方案 (74 = 8 + 5 + 5 + 16 + 20 + 20)."""

from datetime import date

SEED_004_REGION = "410000"  # the plan is 河南省应急管理厅's: only its own task form starts from it

PRODUCTION = ["non_coal_mine", "hazardous_chemicals", "chemical", "pharmaceutical", "industry_trade",
              "metal_smelting", "combustible_dust", "confined_space", "fireworks"]

SEED_004_STRATA: list[dict] = [
    {"label": "非煤矿山（非煤矿山安全监督处）", "industries": ["non_coal_mine"], "supervision_classes": ["general"],
     "quota": 8},
    {"label": "危险化学品（危险化学品监督管理处）", "industries": ["hazardous_chemicals", "chemical", "pharmaceutical"],
     "supervision_classes": ["general"], "quota": 5},
    {"label": "工贸（工贸行业安全监督处，联合市场监管）",
     "industries": ["industry_trade", "metal_smelting", "combustible_dust", "confined_space"],
     "supervision_classes": ["general"], "quota": 5},
    # 安全生产执法局: the key-class units of every production industry (disjoint from the general class above).
    {"label": "安全生产执法局", "industries": PRODUCTION, "supervision_classes": ["key"], "quota": 16},
    {"label": "安全评价机构、检测检验机构", "industries": ["safety_assessment", "testing_agency"], "quota": 20},
    {"label": "安全培训机构", "industries": ["training_agency"], "quota": 20},
]

SEED_004_ITEMS: list[dict] = [
    {"item": "安全生产主体责任落实情况", "content": "安全生产责任制、规章制度、操作规程",
     "basis": "《中华人民共和国安全生产法》第四条、第二十一条"},
    {"item": "安全评价检测检验机构执业情况", "content": "资质、执业行为、报告质量",
     "basis": "《安全评价检测检验机构管理办法》"},
    {"item": "安全培训机构培训情况", "content": "培训条件、培训档案、考试管理", "basis": "《安全生产培训管理办法》"},
]


def seed_004_task_fields() -> dict:
    return {"year": 2024, "name": "河南省应急管理厅2024年度安全生产双随机一公开监督检查",
            "period_from": date(2024, 4, 10), "period_to": date(2024, 12, 31),
            "strata": [dict(s) for s in SEED_004_STRATA], "items": [dict(i) for i in SEED_004_ITEMS]}
