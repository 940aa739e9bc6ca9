"""deploy/nginx-anjian.conf as Debian 12 reads it (walk: `http2 on;` needs nginx 1.25.1; Debian 12 ships 1.22.1,
which refused the file with 'unknown directive "http2"'). The text check runs everywhere; `nginx -t` runs where an
nginx binary is found (PATH, or ANJIAN_TEST_NGINX=/path/to/nginx), with a throw-away certificate and paths under tmp_path."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONF = (ROOT / "deploy" / "nginx-anjian.conf").read_text(encoding="utf-8")
NGINX = os.environ.get("ANJIAN_TEST_NGINX") or shutil.which("nginx")


def test_http2_is_switched_on_the_way_nginx_1_22_understands():
    directives = [line.split("#")[0].strip() for line in CONF.splitlines()]
    assert not any(re.match(r"http2\s", d) for d in directives)  # the 1.25.1+ directive
    tls = [d for d in directives if d.startswith("listen") and "443" in d]
    assert tls == ["listen 443 ssl http2;", "listen [::]:443 ssl http2;"]


@pytest.mark.skipif(NGINX is None or shutil.which("openssl") is None, reason="nginx or openssl not installed")
def test_nginx_accepts_the_configuration(tmp_path):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=t",
                    "-keyout", str(tmp_path / "t.key"), "-out", str(tmp_path / "t.crt")], check=True,
                   capture_output=True)
    (tmp_path / "logs").mkdir()
    site = (CONF.replace("/etc/nginx/tls/anjian.example.gov.cn.crt", str(tmp_path / "t.crt"))
            .replace("/etc/nginx/tls/anjian.example.gov.cn.key", str(tmp_path / "t.key"))
            .replace("/var/log/nginx", str(tmp_path / "logs")))
    (tmp_path / "anjian.conf").write_text(site)
    temp = " ".join(f"{kind}_temp_path {tmp_path / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi",
                                                                         "scgi"))
    (tmp_path / "nginx.conf").write_text(f"error_log {tmp_path / 'logs' / 'error.log'};\npid {tmp_path / 'pid'};\n"
                                         f"events {{}}\nhttp {{ {temp} access_log {tmp_path / 'logs' / 'access.log'};\n"
                                         f"include {tmp_path / 'anjian.conf'}; }}\n")
    done = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "[emerg]" not in done.stderr
