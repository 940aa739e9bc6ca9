"""scripts/serve.py, as `make run` uses it: gunicorn and the worker start together, answer, and Ctrl-C leaves no
process behind; a worker that dies is started again (the site stays up), one that keeps dying stops everything."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.xdist_group("ops_serve")  # starts real processes: one worker, not beside the others


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ANJIAN_STORAGE")}
    return {**env, "ANJIAN_ENV": "development", "ANJIAN_VAR_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}


def descendants(pid: int) -> dict[int, str]:
    """Every process below `pid`, with its command line."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = {}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in found:
                try:
                    found[child] = (Path("/proc") / str(child) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                except OSError:
                    found[child] = ""
                frontier.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def serve(tmp_path, port: int, *options: str) -> tuple[subprocess.Popen, list[str]]:
    process = subprocess.Popen([sys.executable, "scripts/serve.py", "--port", str(port), "--workers", "1", *options],
                               cwd=ROOT, env=environment(tmp_path), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    threading.Thread(target=lambda: output.extend(process.stdout), daemon=True).start()
    return process, output


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_serve_starts_gunicorn_and_the_worker_and_ctrl_c_stops_both(tmp_path):
    subprocess.run([sys.executable, "manage.py", "migrate", "jobs", "--noinput", "-v0"], cwd=ROOT,
                   env=environment(tmp_path), check=True, timeout=120)
    port = free_port()
    process, output = serve(tmp_path, port)
    try:
        assert wait_for(lambda: any("安监系统已启动" in line for line in output), 60), "".join(output)
        assert any(f"http://127.0.0.1:{port}/" in line for line in output)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            assert response.status == 200 and response.read() == b'{"status": "ok"}'
        below = descendants(process.pid)
        assert any("gunicorn" in cmd for cmd in below.values()), below
        assert any("manage.py worker" in cmd for cmd in below.values()), below
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=40) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert wait_for(lambda: not any(alive(pid) for pid in below), 5), {p: c for p, c in below.items() if alive(p)}


def running_with(text: str) -> list[int]:
    """Live processes whose command line contains `text`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if text in cmd and alive(int(entry.name)):
                found.append(int(entry.name))
    return found


def test_serve_stops_gunicorn_when_the_worker_keeps_dying(tmp_path):
    # No migrations: the worker cannot find its tables and exits; started again twice, then everything stops.
    port = free_port()
    process, output = serve(tmp_path, port, "--worker-restarts", "2")
    try:
        assert process.wait(timeout=90) == 1
    finally:
        if process.poll() is None:
            process.kill()
    assert wait_for(lambda: "一分钟内已重新启动 2 次仍退出" in "".join(output), 2), "".join(output)
    assert "".join(output).count("重新启动（一分钟内第") == 2
    assert running_with(f"127.0.0.1:{port}") == []


def test_serve_starts_a_worker_that_died_again_and_the_site_stays_up(tmp_path):
    subprocess.run([sys.executable, "manage.py", "migrate", "jobs", "--noinput", "-v0"], cwd=ROOT,
                   env=environment(tmp_path), check=True, timeout=120)
    port = free_port()
    process, output = serve(tmp_path, port)
    try:
        assert wait_for(lambda: any("安监系统已启动" in line for line in output), 60), "".join(output)

        def workers() -> list[int]:
            return [pid for pid, cmd in descendants(process.pid).items() if "manage.py worker" in cmd and alive(pid)]

        assert wait_for(lambda: len(workers()) == 1, 10)
        [first] = workers()
        os.kill(first, signal.SIGKILL)
        assert wait_for(lambda: workers() not in ([], [first]), 10), "".join(output)
        assert process.poll() is None
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            assert response.status == 200
        assert "worker 已退出（状态 -9），重新启动（一分钟内第 1 次，最多 5 次）" in "".join(output)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=40) == 0
    finally:
        if process.poll() is None:
            process.kill()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal: Linux only")
def test_kill_9_of_serve_leaves_neither_gunicorn_nor_the_worker_and_the_start_probe_logs_nothing(tmp_path):
    subprocess.run([sys.executable, "manage.py", "migrate", "jobs", "--noinput", "-v0"], cwd=ROOT,
                   env=environment(tmp_path), check=True, timeout=120)
    port = free_port()
    process, output = serve(tmp_path, port)
    try:
        assert wait_for(lambda: any("安监系统已启动" in line for line in output), 60), "".join(output)
        below = descendants(process.pid)
        assert any("gunicorn" in cmd for cmd in below.values()), below
        assert any("manage.py worker" in cmd for cmd in below.values()), below
        assert "/healthz" not in "".join(output)  # the start-up probe is a bare connect: no access-log lines
        process.kill()
        process.wait(timeout=5)
    finally:
        if process.poll() is None:
            process.kill()
    assert wait_for(lambda: not any(alive(pid) for pid in below), 10), {p: c for p, c in below.items() if alive(p)}
