"""The status table of a random-inspection task (双随机抽查任务): commit → draw → complete.

A drawn task may be committed again to prepare a redraw (a fresh secret and pool snapshot).
"""

from collections.abc import Mapping

TASK_STATUSES: dict[str, str] = {"draft": "草稿", "committed": "已公布承诺", "drawn": "已抽取", "completed": "已完成"}

TASK_MOVES: Mapping[str, frozenset[str]] = {
    "draft": frozenset({"committed"}),
    "committed": frozenset({"drawn"}),
    "drawn": frozenset({"committed", "completed"}),
    "completed": frozenset(),
}
