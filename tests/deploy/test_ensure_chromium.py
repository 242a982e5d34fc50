"""`make test` installs Debian's Chromium when it can, and otherwise stops at once with one line saying how."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "ensure_chromium.sh"
BASH = shutil.which("bash") or "/bin/bash"
CHMOD = shutil.which("chmod") or "/bin/chmod"


@dataclass
class Machine:
    """A pretend machine: a PATH holding only the commands a test gives it, and where Chromium would be."""

    bin: Path
    chromium: Path
    apt_log: Path

    def command(self, name: str, body: str) -> None:
        """Put an executable shell script called `name` on the PATH."""
        path = self.bin / name
        path.write_text(f"#!{BASH}\n{body}\n")
        path.chmod(0o755)

    def user(self, uid: int) -> None:
        """Make `id -u` answer `uid`."""
        self.command("id", f"echo {uid}")

    def apt_get(self, *, works: bool = True) -> None:
        """Provide an apt-get that logs its arguments and, on install, puts Chromium in place (or fails)."""
        install = f'printf "#!/bin/sh\\n" > "{self.chromium}"; {CHMOD} +x "{self.chromium}"' if works else "exit 100"
        self.command("apt-get", f'echo "$*" >> "{self.apt_log}"\nif [ "$1" = install ]; then {install}; fi')

    def run(self) -> subprocess.CompletedProcess[str]:
        """Run the script as `make test` does, on this machine."""
        env = {"PATH": str(self.bin), "CHROMIUM_PATH": str(self.chromium)}
        return subprocess.run([BASH, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=30)

    def apt_calls(self) -> list[str]:
        """Every apt-get command line the script ran, in order."""
        return self.apt_log.read_text().splitlines() if self.apt_log.exists() else []


@pytest.fixture
def machine(tmp_path: Path) -> Machine:
    """A machine without Chromium, where the user is not root and apt-get does not exist."""
    (tmp_path / "bin").mkdir()
    found = Machine(tmp_path / "bin", tmp_path / "usr-bin-chromium", tmp_path / "apt.log")
    found.user(1000)
    return found


def test_the_makefile_checks_chromium_before_installing_and_testing() -> None:
    """The test target runs the script first, so a missing browser stops it before the slow install."""
    makefile = (ROOT / "Makefile").read_text()
    assert "test: chromium install\n" in makefile
    assert "chromium:\n\t@bash tools/ensure_chromium.sh\n" in makefile


def test_nothing_happens_when_chromium_is_there(machine: Machine) -> None:
    """With Chromium installed the script succeeds silently and never calls apt-get."""
    machine.chromium.write_text("")
    machine.chromium.chmod(0o755)
    machine.user(0)
    machine.apt_get()
    done = machine.run()
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert machine.apt_calls() == []


def test_root_with_apt_installs_debian_chromium(machine: Machine) -> None:
    """As root with apt-get, the script refreshes the package lists and installs the chromium package."""
    machine.user(0)
    machine.apt_get()
    done = machine.run()
    assert done.returncode == 0, done.stderr
    assert machine.apt_calls() == ["update -qq", "install -y -qq chromium"]
    assert machine.chromium.exists()


def test_a_user_who_is_not_root_is_told_how_in_one_line(machine: Machine) -> None:
    """Without root the script stops at once: one line naming the path and the apt-get command, nothing run."""
    machine.apt_get()
    done = machine.run()
    assert done.returncode == 1 and done.stdout == ""
    assert len(done.stderr.splitlines()) == 1
    assert str(machine.chromium) in done.stderr and "sudo apt-get install -y chromium" in done.stderr
    assert machine.apt_calls() == []


def test_root_without_apt_is_told_how_in_one_line(machine: Machine) -> None:
    """On a machine without apt-get the script stops at once with the same one line."""
    machine.user(0)
    done = machine.run()
    assert done.returncode == 1
    assert len(done.stderr.splitlines()) == 1 and "apt-get install -y chromium" in done.stderr


def test_a_failed_install_stops_with_a_line_saying_how(machine: Machine) -> None:
    """If apt-get cannot install the package the script fails, its last line saying how to install by hand."""
    machine.user(0)
    machine.apt_get(works=False)
    done = machine.run()
    assert done.returncode == 1
    assert "could not install Chromium" in done.stderr.splitlines()[-1]
    assert machine.apt_calls() == ["update -qq", "install -y -qq chromium"]
