"""One SO_REUSEPORT listening socket per worker (api.workers)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from crampcare.api.workers import listening_socket, worker_sockets


def test_every_worker_gets_its_own_socket_on_the_same_port() -> None:
    first = listening_socket("127.0.0.1", 0, 16)
    port = first.getsockname()[1]
    first.close()
    sockets = worker_sockets("127.0.0.1", port, 3, 16)
    try:
        assert len({s.fileno() for s in sockets}) == 3
        assert {s.getsockname()[1] for s in sockets} == {port}
        for sock in sockets:
            assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) == 1
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
            assert sock.get_inheritable()
        # A client connects to any of them: the kernel picks the socket.
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass
    finally:
        for sock in sockets:
            sock.close()


def test_a_port_held_without_reuseport_fails_cleanly() -> None:
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    try:
        with pytest.raises(OSError):
            worker_sockets("127.0.0.1", holder.getsockname()[1], 2, 16)
    finally:
        holder.close()


def test_serve_with_two_workers_answers_and_stops_cleanly(tmp_path: Path) -> None:
    probe = listening_socket("127.0.0.1", 0, 1)
    port = probe.getsockname()[1]
    probe.close()
    env = {k: v for k, v in os.environ.items() if k != "CRAMPCARE_SECRET_KEY"}
    db = f"sqlite:///{tmp_path}/diary.db"
    cmd = [sys.executable, "-m", "crampcare", "serve", "--port", str(port), "--workers", "2", "--db", db]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        answered = 0
        deadline = time.monotonic() + 60
        while answered < 20 and time.monotonic() < deadline:
            assert server.poll() is None, "the server exited"
            try:
                # A new connection each time: the kernel hashes each one to one of the workers' sockets.
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=2) as response:
                    answered += response.status == 200
            except OSError:
                time.sleep(0.2)  # workers still starting
        assert answered == 20
        # SIGHUP replaces every worker, each new one on its slot's socket, and the server keeps answering.
        before = _workers(server.pid)
        assert len(before) == 2
        server.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (_workers(server.pid) and _workers(server.pid).isdisjoint(before)):
            time.sleep(0.2)
        after = _workers(server.pid)
        assert len(after) == 2 and after.isdisjoint(before)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=5) as response:
            assert response.status == 200
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert server.returncode == 0


def _workers(pid: int) -> set[str]:
    """The server's worker processes (children running crampcare's app, not multiprocessing's helpers)."""
    found = set()
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"multiprocessing.spawn" in cmdline or b"spawn_main" in cmdline:
            found.add(child)
    return found


def test_a_port_in_use_is_an_input_error_naming_the_port() -> None:
    import uvicorn

    from crampcare.api.workers import bind
    from crampcare.errors import InputError

    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    try:
        for workers in (1, 2):
            config = uvicorn.Config("crampcare.api.app:app_from_env", port=holder.getsockname()[1], workers=workers)
            with pytest.raises(InputError) as caught:
                bind(config)
            assert caught.value.field == "--port"
            assert "in use" in str(caught.value)
    finally:
        holder.close()


def test_a_second_server_cannot_join_one_already_sharing_the_port() -> None:
    # The first server's sockets all have SO_REUSEPORT; without the free-port check a second server (say on
    # another diary) would bind too, and the kernel would split requests between them.
    first = worker_sockets("127.0.0.1", 0, 1, 16)[0]
    port = first.getsockname()[1]
    first.close()
    running = worker_sockets("127.0.0.1", port, 2, 16)
    try:
        with pytest.raises(OSError):
            worker_sockets("127.0.0.1", port, 2, 16)
    finally:
        for sock in running:
            sock.close()


def test_serve_on_a_port_in_use_says_so_in_one_line_without_claiming_to_serve(tmp_path: Path) -> None:
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    db = f"sqlite:///{tmp_path}/diary.db"
    try:
        cmd = [sys.executable, "-m", "crampcare", "serve", "--port", str(holder.getsockname()[1]), "--db", db]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    finally:
        holder.close()
    assert result.returncode == 2
    assert "serving on" not in result.stdout
    assert result.stderr.strip().count("\n") == 0 and "--port" in result.stderr and "in use" in result.stderr
