"""Servers under load: gunicorn started on 127.0.0.1 and a free port, wrk or a Python load generator,
and the CPU the server's processes spent, read from /proc.

Load goes to 127.0.0.1 only, is bounded in time and connections, and every server is stopped afterwards.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from _timing import BenchmarkError

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _proc_cpu(pid: int, with_children: bool) -> float:
    """CPU seconds of a process (utime + stime), plus its reaped children's when asked (cutime + cstime)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2 :].split()
    # After the command name: field 3 is state; utime, stime, cutime, cstime are fields 14-17.
    ticks = int(fields[11]) + int(fields[12])
    if with_children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / CLOCK_TICKS


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid:
                    found.append(int(entry.name))
        return found


@dataclass
class Server:
    """A gunicorn server: its master process, port and log file."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def tree_cpu(self) -> float:
        """CPU seconds of the master, its live workers, and the workers it has already reaped.

        A worker's CPU moves from the live sum to the master's cutime/cstime when it exits, so the
        difference of two readings counts restarted workers (max_requests) too, boot included.
        """
        pid = self.process.pid
        return _proc_cpu(pid, with_children=True) + sum(_proc_cpu(c, with_children=True) for c in _children(pid))

    def workers(self) -> list[int]:
        return _children(self.process.pid)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def log_tail(self, lines: int = 40) -> str:
        """The end of gunicorn's log, without access-log lines."""
        try:
            text = self.log.read_text(errors="replace").splitlines()
        except OSError:
            return "(no log)"
        return "\n".join([line for line in text if '" 200 ' not in line][-lines:])


def start_gunicorn(
    name: str,
    app: str,
    cwd: Path,
    env: Mapping[str, str],
    log: Path,
    workers: int = 2,
    config: str | None = None,
    extra: Sequence[str] = (),
    gunicorn: str = "gunicorn",
    ready_timeout: float = 30.0,
) -> Server:
    """Start `gunicorn app` (sync workers) on 127.0.0.1 and a free port; wait until every worker is up.

    `config` None uses gunicorn's own lookup (./gunicorn.conf.py in cwd, as the project would run);
    a path (e.g. /dev/null) replaces it.
    """
    port = free_port()
    argv = [gunicorn, app, "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--worker-class", "sync"]
    if config is not None:
        argv += ["--config", config]
    argv += list(extra)
    log.parent.mkdir(parents=True, exist_ok=True)
    handle = log.open("wb")
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    handle.close()
    server = Server(name, process, port, log)
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchmarkError(
                f"{name}: gunicorn exited with {process.returncode} before serving "
                f"(`{' '.join(argv)}` in {cwd}); its log:\n{server.log_tail()}"
            )
        booted = log.read_text(errors="replace").count("Booting worker")
        # Workers import the application after "Booting worker": wait for answers, not just the socket.
        if booted >= workers and all(_responds(port) for _ in range(2 * workers)):
            return server
        time.sleep(0.2)
    stop(server)
    raise BenchmarkError(
        f"{name}: gunicorn did not start {workers} workers within {ready_timeout:.0f} s:\n{server.log_tail()}"
    )


def _responds(port: int) -> bool:
    """Whether an HTTP request to the port gets an HTTP response (of any status)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"HEAD / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
            return sock.recv(16).startswith(b"HTTP/")
    except OSError:
        return False


def stop(server: Server) -> None:
    """Stop gunicorn gracefully (SIGTERM to its process group), then kill what is left."""
    if server.process.poll() is None:
        try:
            os.killpg(server.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=5)


def fetch(url: str, headers: Mapping[str, str]) -> tuple[int, dict[str, str], bytes]:
    """One GET without following redirects: (status, headers, body)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=dict(headers))
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
    except OSError as error:
        raise BenchmarkError(f"GET {url} failed: {error}") from error


@dataclass
class LoadResult:
    requests: int
    seconds: float
    bad: int  # responses that were not 2xx, plus socket errors
    detail: str = ""  # what the bad ones were

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


WRK_REQUESTS = re.compile(r"(\d+) requests in ([\d.]+)(us|ms|s|m)")
WRK_NON2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")
WRK_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}
MAX_REQUESTS = 200_000  # per run of the Python load generator, besides its time limit


def wrk_path() -> str | None:
    return shutil.which("wrk")


def run_wrk(url: str, headers: Mapping[str, str], seconds: float, connections: int) -> LoadResult:
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency"]
    for key, value in headers.items():
        argv += ["-H", f"{key}: {value}"]
    argv.append(url)
    completed = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 30, check=False)
    found = WRK_REQUESTS.search(completed.stdout)
    if completed.returncode != 0 or not found:
        raise BenchmarkError(f"wrk failed on {url}:\n{completed.stdout}{completed.stderr}")
    requests, duration = int(found.group(1)), float(found.group(2)) * UNITS[found.group(3)]
    bad = sum(int(m.group(1)) for m in WRK_NON2XX.finditer(completed.stdout))
    details = [m.group(0) for m in WRK_NON2XX.finditer(completed.stdout)]
    for m in WRK_SOCKET.finditer(completed.stdout):
        bad += sum(int(g) for g in m.groups())
        details.append(m.group(0))
    return LoadResult(requests, duration, bad, "; ".join(details))


def run_python_load(url: str, headers: Mapping[str, str], seconds: float, connections: int) -> LoadResult:
    """A small closed-loop load generator: `connections` threads, each sending GETs back to back.

    It opens a connection per request (gunicorn's sync workers close it after each response anyway).
    Slower than wrk and sharing the GIL, so only ratios measured with the same generator compare.
    """
    match = re.match(r"http://([^:/]+):(\d+)(/.*)?$", url)
    if not match:
        raise BenchmarkError(f"the Python load generator takes http://host:port/path URLs, not {url}")
    host, port, path = match.group(1), int(match.group(2)), match.group(3) or "/"
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    payload = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{head}Connection: close\r\n\r\n".encode()
    counts = [0] * connections
    bad = [0] * connections
    deadline = time.monotonic() + seconds

    def worker(slot: int) -> None:
        while time.monotonic() < deadline and counts[slot] + bad[slot] < MAX_REQUESTS // connections:
            try:
                with socket.create_connection((host, port), timeout=10) as sock:
                    sock.sendall(payload)
                    chunks = []
                    while chunk := sock.recv(65536):
                        chunks.append(chunk)
                status_line = b"".join(chunks[:1]).split(b"\r\n", 1)[0]
                if status_line[9:10] == b"2":
                    counts[slot] += 1
                else:
                    bad[slot] += 1
            except OSError:
                bad[slot] += 1

    start = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 15)
    elapsed = time.monotonic() - start
    return LoadResult(sum(counts) + sum(bad), elapsed, sum(bad))
