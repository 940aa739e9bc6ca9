"""System packages as an administrator installs them (walk: the documented command read the comment line as a
package, "Unable to locate package #", and put chromium on production servers): the command in
docs/operations.md installs exactly the production list; the tests' packages are a list of their own that
`make apt` installs too."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")


def packages(name: str) -> list[str]:
    return [line.strip() for line in (ROOT / name).read_text().splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_the_documented_install_command_passes_exactly_the_production_packages_to_apt_get():
    [line] = [line for line in GUIDE.splitlines() if "apt-packages.txt" in line and "apt-get install" in line]
    command = line.split("  #")[0].strip()
    # apt-get replaced by a recorder of its arguments, run by sh in the release folder as the guide does
    recorded = subprocess.run(["/bin/sh", "-c", command.replace("apt-get install", "printf '%s\\n' install")],
                              cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert recorded[0] == "install" and "-y" in recorded
    named = [word for word in recorded[1:] if not word.startswith("-")]
    assert named == packages("apt-packages.txt") == ["fonts-noto-cjk", "libharfbuzz-subset0"]
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9.+-]+", name) for name in named)


def test_test_only_packages_stay_off_production_servers_and_make_apt_installs_both_lists():
    assert {"chromium", "poppler-utils"} <= set(packages("apt-packages-test.txt"))
    assert not {"chromium", "poppler-utils"} & set(packages("apt-packages.txt"))
    dry = subprocess.run(["make", "-n", "apt"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "apt-packages.txt" in dry and "apt-packages-test.txt" in dry
