"""Status transition tables. A status changes only along an edge listed here.

Services apply a transition with a conditional update (`filter(pk=…, status=old).update(status=new)`);
zero rows updated means someone else moved it first.
"""

from collections.abc import Mapping


class TransitionRefused(ValueError):
    def __init__(self, kind: str, old: str, new: str):
        super().__init__(f"{kind}不能从“{old}”变为“{new}”")
        self.kind, self.old, self.new = kind, old, new


INSPECTION: Mapping[str, frozenset[str]] = {
    "planned": frozenset({"approved", "returned", "cancelled"}),
    "returned": frozenset({"planned", "cancelled"}),  # sent back to its planner: edited and resubmitted
    "approved": frozenset({"in_progress", "cancelled"}),
    "in_progress": frozenset({"recorded"}),
    "recorded": frozenset({"closed"}),
    "closed": frozenset(),
    "cancelled": frozenset(),
}

HAZARD: Mapping[str, frozenset[str]] = {
    "open": frozenset({"corrected", "rectifying", "measures"}),
    "rectifying": frozenset({"rectified", "escalated"}),
    "measures": frozenset({"rectifying", "rectified", "escalated"}),
    "rectified": frozenset(),  # confirmed at re-inspection
    "corrected": frozenset(),  # corrected on the spot
    "escalated": frozenset(),  # handed to a penalty case or coercive measures
}

DOCUMENT: Mapping[str, frozenset[str]] = {
    "draft": frozenset({"issued", "discarded"}),
    "issued": frozenset({"voided"}),
    "voided": frozenset(),
    "discarded": frozenset(),
}

TABLES: Mapping[str, Mapping[str, frozenset[str]]] = {"检查": INSPECTION, "隐患": HAZARD, "文书": DOCUMENT}


def can_move(table: Mapping[str, frozenset[str]], old: str, new: str) -> bool:
    return new in table.get(old, frozenset())


def check_move(kind: str, old: str, new: str) -> None:
    if not can_move(TABLES[kind], old, new):
        raise TransitionRefused(kind, old, new)
