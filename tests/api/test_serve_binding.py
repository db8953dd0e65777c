"""`crampcare serve` never runs local mode (no sign-in) on a socket other machines can reach."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from crampcare.api.settings import Settings, is_loopback
from crampcare.api.workers import listening_socket
from crampcare.cli.serve import refuse_reachable
from crampcare.errors import InputError

from .conftest import SECRET


@pytest.mark.parametrize("host", ["", "0.0.0.0", "::", "[::]", "example.org", "10.0.0.1", "localhost.example"])
def test_only_loopback_is_local_mode(host: str) -> None:
    assert not is_loopback(host)
    assert Settings(host=host, secret_key=SECRET, allowed_hosts=("x",)).server_mode


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1.2.3", "::1", "localhost"])
def test_loopback_is_local_mode(host: str) -> None:
    assert is_loopback(host) and not Settings(host=host).server_mode


def test_an_empty_host_from_the_environment_is_server_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRAMPCARE_HOST", "")
    monkeypatch.delenv("CRAMPCARE_SECRET_KEY", raising=False)
    with pytest.raises(InputError, match="CRAMPCARE_SECRET_KEY"):
        Settings.from_env()


def test_the_bound_socket_decides_not_the_argument() -> None:
    wildcard = listening_socket("", 0, 1, reuse_port=False)  # "" binds every interface
    assert wildcard.getsockname()[0] == "0.0.0.0"
    with pytest.raises(InputError) as caught:
        refuse_reachable([wildcard])
    assert caught.value.field == "--host"
    assert wildcard.fileno() == -1  # closed: nothing listens after the refusal
    loopback = listening_socket("127.0.0.1", 0, 1, reuse_port=False)
    try:
        refuse_reachable([loopback])
    finally:
        loopback.close()


def _free_port() -> int:
    probe = listening_socket("127.0.0.1", 0, 1, reuse_port=False)
    port = int(probe.getsockname()[1])
    probe.close()
    return port


def test_serve_with_an_empty_host_and_no_secret_refuses_to_start(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRAMPCARE_")}
    cmd = [
        sys.executable,
        "-m",
        "crampcare",
        "serve",
        "--host",
        "",
        "--port",
        str(_free_port()),
        "--db",
        f"sqlite:///{tmp_path}/d.db",
    ]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "CRAMPCARE_SECRET_KEY" in done.stderr + done.stdout


def test_serve_with_an_empty_host_serves_with_sign_in(tmp_path: Path) -> None:
    """Bound to every interface, the server asks for sign-in even from loopback, and refuses other Host names."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRAMPCARE_")}
    env["CRAMPCARE_SECRET_KEY"] = SECRET
    cmd = [
        sys.executable,
        "-m",
        "crampcare",
        "serve",
        "--host",
        "",
        "--port",
        str(port),
        "--allowed-host",
        "127.0.0.1",
        "--db",
        f"sqlite:///{tmp_path}/d.db",
    ]
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        status = None
        deadline = time.monotonic() + 60
        while status is None and time.monotonic() < deadline:
            assert server.poll() is None, "the server exited"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/diary/episodes", timeout=2) as answer:
                    status = answer.status
            except urllib.error.HTTPError as exc:
                status = exc.code
                exc.close()
            except OSError:
                time.sleep(0.2)
        assert status == 401  # server mode: no diary without signing in
        # The address it prints is one a client can use, and it says that every interface is bound.
        said = log.read_text()
        assert f"serving on http://127.0.0.1:{port}/ (every interface: 0.0.0.0:{port}; server mode" in said, said
    finally:
        server.terminate()
        server.wait(timeout=30)
