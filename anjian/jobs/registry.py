"""Job kinds: ``@register("app.kind", label="…")`` on a body ``(job, params, progress) -> JobOutcome | None``."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any


@dataclass
class JobOutcome:
    """What a body hands back: a line for the job page and, optionally, one result file (saved to storage)."""

    message: str = ""
    filename: str = ""
    content: bytes | IO[bytes] | None = None
    content_type: str = "application/octet-stream"


Progress = Callable[..., None]  # progress(done: int, total: int, message: str = "")
Body = Callable[[Any, dict, Progress], "JobOutcome | None"]


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    body: Body
    atomic: bool


KINDS: dict[str, Kind] = {}


def register(name: str, *, label: str, atomic: bool = True) -> Callable[[Body], Body]:
    """Register a job body. ``atomic``: the body's writes and the job's 已完成 commit together (a body that fails
    or whose worker dies leaves nothing behind, and is run again from scratch). A body that writes nothing to the
    database (an export that only makes a file) may say ``atomic=False``."""

    def decorate(body: Body) -> Body:
        if name in KINDS and KINDS[name].body is not body:
            raise ValueError(f"job kind {name!r} registered twice")
        KINDS[name] = Kind(name, label, body, atomic)
        return body

    return decorate


def kind_of(name: str) -> Kind | None:
    return KINDS.get(name)
