"""`crampcare serve` refuses an unsafe server mode with one line, before binding anything."""

from __future__ import annotations

import os
import subprocess
import sys


def test_server_mode_without_secret_is_one_line_exit_2() -> None:
    env = {k: v for k, v in os.environ.items() if k != "CRAMPCARE_SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "-m", "crampcare", "serve", "--host", "0.0.0.0", "--port", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2
    assert "CRAMPCARE_SECRET_KEY" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_serve_help_has_an_example() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "crampcare", "serve", "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert "Example: crampcare serve" in result.stdout
