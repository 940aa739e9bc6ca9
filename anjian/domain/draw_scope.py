"""Where a random-inspection task may draw from: inside its agency's jurisdiction, never beyond.

Pure: no Django, no I/O. Region prefixes are GB/T 2260 code prefixes (``identifiers.region_prefix``): 2 digits for
the province, 4 for a city, 6 for one region code. A stratum's ``region_prefix`` is empty (the agency's whole
jurisdiction) or a prefix lying inside the jurisdiction. Two prefix ranges are nested or disjoint, so the pool of a
stratum is read under the longer of the two when they nest and is empty otherwise (``pool_prefix``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

PREFIX_LENGTHS = (2, 4, 6)
BAD_FORMAT = "区域代码「{code}」应为2、4或6位数字（如 4117、411726），留空表示本机关全部辖区"
NOT_OURS = "区域代码「{code}」不是本机关辖区内的行政区划"


def region_problem(prefix: str, jurisdiction: str, exists: Callable[[str], bool] = lambda p: True) -> str | None:
    """Why ``prefix`` may not bound a stratum of an agency whose jurisdiction is ``jurisdiction`` (None: it may).

    A prefix outside the jurisdiction and one inside it that names no region (``exists`` is False) read the same:
    the message says nothing beyond the code typed.
    """
    if prefix == "":
        return None
    if not (prefix.isascii() and prefix.isdigit() and len(prefix) in PREFIX_LENGTHS):
        return BAD_FORMAT.format(code=prefix[:12])
    if not prefix.startswith(jurisdiction) or not exists(prefix):
        return NOT_OURS.format(code=prefix)
    return None


def strata_region_problems(strata: Iterable[Mapping], jurisdiction: str,
                           exists: Callable[[str], bool] = lambda p: True) -> list[str]:
    """One message per stratum whose region prefix is not allowed, naming the stratum (第n类「label」)."""
    out = []
    for n, s in enumerate(strata, 1):
        problem = region_problem(str(s.get("region_prefix") or ""), jurisdiction, exists)
        if problem:
            out.append(f"第{n}类「{s.get('label', '')}」：{problem}")
    return out


def pool_prefix(prefix: str, jurisdiction: str) -> str | None:
    """The prefix a stratum's pool is read under: the intersection of its prefix (empty = all) with the
    jurisdiction, or None when they do not meet (the stratum then draws from nothing)."""
    prefix = prefix or jurisdiction
    if prefix.startswith(jurisdiction):
        return prefix
    if jurisdiction.startswith(prefix):
        return jurisdiction
    return None
