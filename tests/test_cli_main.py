from __future__ import annotations

import subprocess
import sys


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crampcare", *args], capture_output=True, text=True, timeout=60)


def test_unknown_command_is_one_line_exit_2() -> None:
    result = run("no-such-command")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_kb_validate_passes_on_shipped_data() -> None:
    result = run("kb", "validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok:")


def test_version_prints_the_installed_version() -> None:
    from importlib.metadata import version

    result = run("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"crampcare {version('crampcare')}\n"
