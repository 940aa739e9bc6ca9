"""Serve Anjian in production mode: gunicorn (anjian/ops/gunicorn_conf.py) and the background worker
(`manage.py worker`), as one command. Ctrl-C or SIGTERM stops both (each is given time to finish what it is
doing, then killed). A worker that exits by itself is started again (its job, if any, is queued again), at most
--worker-restarts times a minute; past that, or if gunicorn exits, or if either refuses its configuration (exit
78), everything is stopped and the exit status is non-zero. On Linux both also get SIGTERM when this script dies
any other way (even `kill -9`): nothing is left behind.

    python scripts/serve.py [--host 127.0.0.1] [--port 8000] [--workers N] [--no-worker] [--worker-restarts 5]

Run `manage.py migrate` and `manage.py collectstatic` first (`make run` does). In a real deployment the two
processes run as separate services instead (deploy/anjian-web.service, deploy/anjian-worker.service).
"""

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STOP_TIMEOUT = 25  # seconds to finish before a process is killed (gunicorn's graceful_timeout is 20)
EX_CONFIG = 78  # a refused configuration (anjian.ops.startup): starting again would not help
RESTART_WINDOW = 60.0  # seconds over which --worker-restarts is counted


def worker_command_exists() -> bool:
    return any(ROOT.glob("anjian/*/management/commands/worker.py"))


PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int):
    """A preexec_fn (Linux): the child gets SIGTERM when this script dies, even by `kill -9`, so no gunicorn or
    worker is left behind. None elsewhere (no such call there)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None

    def preexec() -> None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:  # the script died before prctl took effect
            os.kill(os.getpid(), signal.SIGTERM)

    return preexec


def start(command: list[str]) -> subprocess.Popen:
    # Own process group: a Ctrl-C reaches this script only, which then stops each child once, in order.
    return subprocess.Popen(command, cwd=ROOT, start_new_session=True, preexec_fn=die_with_parent(os.getpid()))  # noqa: PLW1509 — no threads here


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        with contextlib.suppress(ProcessLookupError, PermissionError):  # the group: nothing it started outlives it
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def answering(host: str, port: int) -> bool:
    """Listening yet? A bare TCP connect: it writes no access-log line (an HTTP probe would, each time)."""
    wildcard = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}  # noqa: S104 — probing, not binding
    probe = wildcard.get(host, host.strip("[]"))
    try:
        with socket.create_connection((probe, port), timeout=1):
            return True
    except OSError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=os.environ.get("PORT", "8000"))  # argparse checks a bad PORT
    parser.add_argument("--workers", type=int, help="gunicorn processes (default: CPU count + 1)")
    parser.add_argument("--no-worker", action="store_true", help="do not start the background worker")
    parser.add_argument("--worker-restarts", type=int, default=5, choices=range(0, 61), metavar="0-60",
                        help="restarts of a worker that exits by itself allowed per minute (default 5)")
    args = parser.parse_args()

    bind = f"[{args.host}]:{args.port}" if ":" in args.host else f"{args.host}:{args.port}"
    web = [sys.executable, "-m", "gunicorn", "-c", "python:anjian.ops.gunicorn_conf", "--bind", bind]
    if args.workers:
        web += ["--workers", str(args.workers)]
    commands = {"gunicorn": web}
    if not args.no_worker:
        if worker_command_exists():
            commands["worker"] = [sys.executable, "manage.py", "worker"]
        else:
            print("（未找到 manage.py worker：只启动网页服务）", file=sys.stderr)

    stopping = []
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    signal.signal(signal.SIGHUP, lambda *_: stopping.append(True))

    processes = {name: start(command) for name, command in commands.items()}
    restarts: list[float] = []  # when the worker was started again, within the last minute
    announced = False
    next_probe = 0.0
    status = 0
    try:
        while not stopping:
            ended = {name: p.returncode for name, p in processes.items() if p.poll() is not None}
            if set(ended) == {"worker"} and ended["worker"] != EX_CONFIG:
                now = time.monotonic()
                restarts[:] = [t for t in restarts if now - t < RESTART_WINDOW]
                if len(restarts) < args.worker_restarts:
                    restarts.append(now)
                    print(f"worker 已退出（状态 {ended['worker']}），重新启动（一分钟内第 {len(restarts)} 次，"
                          f"最多 {args.worker_restarts} 次）", file=sys.stderr, flush=True)
                    processes["worker"] = start(commands["worker"])
                    continue
                print(f"worker 已退出（状态 {ended['worker']}），一分钟内已重新启动 {len(restarts)} 次仍退出，"
                      "停止其余进程；请查看上面的日志", file=sys.stderr)
                status = 1
                break
            if ended:
                for name, code in ended.items():
                    reason = "配置被拒绝" if code == EX_CONFIG else f"状态 {code}"
                    print(f"{name} 已退出（{reason}），停止其余进程", file=sys.stderr)
                status = 1
                break
            if not announced and time.monotonic() >= next_probe:
                next_probe = time.monotonic() + 0.5
                if answering(args.host, args.port):
                    announced = True
                    print(f"\n安监系统已启动：http://{bind}/   （Ctrl-C 停止）", flush=True)
            time.sleep(0.2)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C does not interrupt the stopping
        stop(list(processes.values()))
    if stopping:
        print("已停止", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
