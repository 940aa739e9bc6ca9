"""Registry vocabularies (codes per docs/glossary.md, Chinese labels for the interface)."""

INDUSTRIES: dict[str, str] = {
    "non_coal_mine": "非煤矿山",
    "hazardous_chemicals": "危险化学品",
    "fireworks": "烟花爆竹",
    "metal_smelting": "金属冶炼",
    "combustible_dust": "涉爆粉尘",
    "confined_space": "有限空间",
    "industry_trade": "工贸",
    "chemical": "化工",
    "pharmaceutical": "医药",
    "safety_assessment": "安全评价机构",
    "testing_agency": "检测检验机构",
    "training_agency": "安全培训机构",
}

SUPERVISION_CLASSES: dict[str, str] = {"key": "重点检查单位", "general": "一般检查单位"}

RISK_LEVELS: dict[str, str] = {"red": "重大风险", "orange": "较大风险", "yellow": "一般风险", "blue": "低风险"}

SCALES: dict[str, str] = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}

ENTERPRISE_STATUSES: dict[str, str] = {
    "operating": "正常生产经营",
    "suspended": "停产停业",
    "closed": "关闭注销",
}

HAZARD_INSTALLATION_GRADES: dict[str, str] = {"1": "一级", "2": "二级", "3": "三级", "4": "四级"}

OFFICER_STATUSES: dict[str, str] = {"active": "有效", "suspended": "暂扣", "revoked": "注销"}

GENDERS: dict[str, str] = {"male": "男", "female": "女"}

EDUCATIONS: dict[str, str] = {
    "postgraduate": "研究生",
    "bachelor": "大学本科",
    "college": "大学专科",
    "secondary": "中专及以下",
}


def code_for_label(vocabulary: dict[str, str], value: str) -> str | None:
    """Accept either the code or the Chinese label (as typed in an import file)."""
    value = value.strip()
    if value in vocabulary:
        return value
    for code, label in vocabulary.items():
        if label == value:
            return code
    return None


def choices(vocabulary: dict[str, str]) -> list[tuple[str, str]]:
    return list(vocabulary.items())
