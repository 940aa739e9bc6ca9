"""Schemathesis over every API operation against a live Anjian server (run by `make test-api`).

A fresh SQLite database (or DATABASE_URL) gets the demo data (a few hundred enterprises, the 泌阳 inspections,
cases, draws …), one fuzzing account holding every non-administrator role in 泌阳 and at the province, and an
API token; the app is served on a free port and `st run` walks the OpenAPI document with all checks
(config: schemathesis.toml). Exit code: schemathesis's (0 = no failure).

    python scripts/api_fuzz.py [--max-examples N] [--seed S] [--keep]
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(*args: str, env: dict) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def fuzz_token(env: dict) -> str:
    """An account with every non-administrator role in 泌阳县 and in the province, and its token."""
    code = (
        "from anjian.accounts.services import user_create, user_issue_api_token\n"
        "from anjian.accounts.models import RoleAssignment\n"
        "from anjian.domain.permissions import ADMIN_ROLES, Role\n"
        "from anjian.regions.models import Agency\n"
        "roles = [r for r in Role if r not in ADMIN_ROLES]\n"
        "county, province = Agency.objects.get(region_id='411726'), Agency.objects.get(region_id='410000')\n"
        "u = user_create(actor=None, username='api-fuzz', full_name='接口测试', password='Fuzz-Only-7319!x',"
        " agency=county, roles=roles)\n"
        "for r in roles:\n"
        "    RoleAssignment.objects.create(user=u, agency=province, role=r)\n"
        "print(user_issue_api_token(actor=u, name='fuzz', days=1))\n"
    )
    out = subprocess.run([sys.executable, "manage.py", "shell", "-v0", "-c", code], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own local server)
            return
        except OSError as exc:
            if getattr(exc, "code", None):  # an HTTP answer (401 …): the server is up
                return
            time.sleep(0.5)
    raise SystemExit(f"server did not answer at {url}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-examples", type=int, default=int(os.environ.get("ANJIAN_FUZZ_EXAMPLES", "15")))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("ANJIAN_FUZZ_SEED", "2026")))
    parser.add_argument("--enterprises", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="keep the database and the report")
    parser.add_argument("--reuse", help="a directory kept by an earlier --keep run (skips the set-up)")
    args = parser.parse_args()

    var = Path(args.reuse) if args.reuse else Path(tempfile.mkdtemp(prefix="anjian-fuzz-"))
    env = {**os.environ, "ANJIAN_VAR_DIR": str(var), "PYTHONUNBUFFERED": "1"}
    server = None
    try:
        if args.reuse:
            manage("migrate", "--noinput", "-v0", env=env)
            token = (var / "fuzz-token").read_text().strip()
        else:
            manage("migrate", "--noinput", "-v0", env=env)
            manage("bootstrap", "--enterprises", str(args.enterprises), env=env)
            token = fuzz_token(env)
            (var / "fuzz-token").write_text(token)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = (var / "server.log").open("w")
        server = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                                  cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        wait_for(f"{base}/api/v1/openapi.json")
        command = [str(BIN / "st"), "--config-file", str(ROOT / "schemathesis.toml"), "run",
                   f"{base}/api/v1/openapi.json", "-H", f"Authorization: Bearer {token}",
                   "--max-examples", str(args.max_examples), "--seed", str(args.seed),
                   "--report", "junit", "--report-dir", str(var / "report")]
        print("schemathesis:", " ".join(c if "Bearer" not in c else "'Authorization: Bearer …'" for c in command),
              flush=True)
        return subprocess.run(command, cwd=ROOT, env=env).returncode
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        if args.keep or args.reuse:
            print(f"kept: {var}")
        else:
            shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
