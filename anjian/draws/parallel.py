"""A second process for the CPU-bound part of a large draw (HMAC ranking), on machines with more than one core.

``Forked(fn, *args)`` runs a pure function in a forked child while this process does its own share; ``result()``
returns what the child computed, or ``None`` when the child failed (the caller then computes it itself, so the
draw never depends on the child). The child touches no database connection, file or lock of the parent: it
computes, writes its pickled result to a pipe and leaves with ``os._exit`` (no cleanup of inherited state).
"""

import contextlib
import os
import pickle
import signal
import time

from django.conf import settings

MIN_CANDIDATES = 100_000  # below this a second process costs more than it saves


def worth_it(work: int) -> bool:
    """Fork for ``work`` (candidates or HMACs) from ``ANJIAN_DRAW_PARALLEL_MIN`` on, when fork exists and a CPU is
    idle right now: a second process only helps on a free core (on a busy machine it adds work). The setting
    ``ANJIAN_DRAW_PARALLEL`` is True (that rule), False (never) or "always" (whenever fork exists; tests)."""
    mode = getattr(settings, "ANJIAN_DRAW_PARALLEL", True)
    if not mode or not hasattr(os, "fork") or work < getattr(settings, "ANJIAN_DRAW_PARALLEL_MIN", MIN_CANDIDATES):
        return False
    return mode == "always" or _idle_cpu()


def _idle_cpu() -> bool:
    """More usable CPUs than runnable tasks (this one included) at each of a few looks at /proc/loadavg; False
    where that is unknown. (On a 2-vCPU machine shared with other work a second process ran 0.9–1.25× as fast as
    one: it only pays on a really idle core.)"""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if cpus < 2:
        return False
    try:
        runnable = []
        for _ in range(3):
            with open("/proc/loadavg") as f:
                runnable.append(int(f.read().split()[3].split("/")[0]))
            time.sleep(0.001)
    except (OSError, ValueError, IndexError):
        return False
    return max(runnable) < cpus


class Forked:
    def __init__(self, fn, *args):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            code = 1
            try:
                os.close(read)
                data = pickle.dumps(fn(*args), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self.pid, self.read, self.done, self.value = pid, read, False, None

    def result(self):
        """The child's return value, or None if it failed."""
        if not self.done:
            self.done = True
            with os.fdopen(self.read, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(self.pid, 0)
            if status == 0 and data:
                self.value = pickle.loads(data)  # noqa: S301 - our own child's output
        return self.value

    def cancel(self) -> None:
        """Stop the child if its result is not wanted any more (e.g. the parent failed first)."""
        if not self.done:
            self.done = True
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.close(self.read)
            os.waitpid(self.pid, 0)
