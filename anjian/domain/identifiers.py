"""Identifiers: unified social credit codes (GB 32100-2015) and region codes (GB/T 2260)."""

from anjian.domain.input_bounds import digits

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Registration-authority codes allowed in the first character (1–9, A, N, Y).
USCC_AUTHORITIES = "123456789ANY"


def normalize_uscc(raw: str) -> str:
    """Upper-case and drop spaces and dashes; the result is what is stored."""
    return "".join(raw.split()).replace("-", "").upper()


def uscc_check_char(first17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_error(code: str) -> str | None:
    """None when `code` (normalised) is a valid USCC, else the reason in Chinese."""
    if len(code) != 18:
        return f"统一社会信用代码应为18位，实际为{len(code)}位"
    if code[0] not in USCC_AUTHORITIES:
        return "统一社会信用代码第1位（登记管理部门代码）无效"
    bad = [c for c in code if c not in USCC_ALPHABET]
    if bad:
        return f"统一社会信用代码含非法字符“{bad[0]}”"
    if not digits(code[2:8]):
        return "统一社会信用代码第3-8位（登记管理机关行政区划码）应为数字"
    if code[17] != uscc_check_char(code[:17]):
        return "统一社会信用代码校验位错误"
    return None


def is_valid_uscc(code: str) -> bool:
    return uscc_error(normalize_uscc(code)) is None


def region_prefix(code: str) -> str:
    """The code prefix that covers a region and every region below it.

    410000 → "41", 411700 → "4117", 411726 → "411726". GB/T 2260 codes are six digits:
    two for the province, two for the city, two for the county.
    """
    if len(code) != 6 or not digits(code):
        raise ValueError(f"not a GB/T 2260 code: {code!r}")
    if code[2:] == "0000":
        return code[:2]
    if code[4:] == "00":
        return code[:4]
    return code


def prefix_range(prefix: str) -> tuple[str, str]:
    """Half-open code range [low, high) equal to "starts with prefix" for 6-digit codes.

    A range is served by a plain B-tree index on both databases, whatever the collation.
    """
    if not digits(prefix) or not 1 <= len(prefix) <= 6:
        raise ValueError(f"not a region-code prefix: {prefix!r}")
    low = prefix.ljust(6, "0")
    high = str(int(prefix) + 1).rjust(len(prefix), "0").ljust(6, "0")
    if len(high) > 6:
        high = "9999999"
    return low, high


def region_ancestors(code: str) -> list[str]:
    """The province and city codes above a region (not the region itself), top first."""
    prefix = region_prefix(code)
    out = []
    if len(prefix) > 2:
        out.append(code[:2] + "0000")
    if len(prefix) > 4:
        out.append(code[:4] + "00")
    return out


def region_covers(scope_code: str, code: str) -> bool:
    """True when `code` is `scope_code` or lies below it."""
    return code.startswith(region_prefix(scope_code))
