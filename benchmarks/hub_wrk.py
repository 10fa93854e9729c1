"""The hub under a real load generator (wrk, when installed) and the anonymous-statistics burst.

Beside the Python clients of `benchmarks/hub.py`: wrk (C, event loop, 2 threads, 32 keep-alive
connections) posts single events and reads consignments, each request rotating over the seeded
consignments and their carriers' tokens (a Lua script writes each request; event ids are unique
per thread and request). `Requests/sec`, p50 and p99 are wrk's own (`--latency`).

The burst: 16 anonymous `GET /stats/volumes` at once after the statistics cache has expired,
while carriers post events at 300 a second. The server's CPU time (from /proc) over the burst is
compared with its CPU time after one anonymous request alone (one recomputation), and the event
posts' p99 is measured from their scheduled send times.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from landsea.hub.context import STATS_TTL_S  # the burst waits it out first

WRK_THREADS = 2
BURST = 16

# Both scripts: the (path, token) pairs given after `--`, and the next one in turn per request.
_TARGETS = """
local targets = {}
local counter = 0
function init(args)
  for i = 1, #args, 2 do
    table.insert(targets, {path = args[i], token = args[i + 1]})
  end
end
local function next_target()
  counter = counter + 1
  return targets[(counter % #targets) + 1]
end
"""

_POST_SCRIPT = (
    _TARGETS
    + """
local next_index = 0
function setup(thread)
  thread:set("thread_index", next_index)
  next_index = next_index + 1
end
request = function()
  local target = next_target()
  local body = string.format(
    '{"event_id":"wrk%s-%d-%d","event_type":"TRANSPORT","event_classifier_code":"ACT",' ..
    '"transport_event_type_code":"DEPA","event_datetime":"2026-03-01T00:00:00Z",' ..
    '"location":"CNCKG"}', TAG, thread_index, counter)
  local headers = {["Authorization"] = "Bearer " .. target.token,
                   ["Content-Type"] = "application/json"}
  return wrk.format("POST", target.path, headers, body)
end
"""
)

_GET_SCRIPT = (
    _TARGETS
    + """
request = function()
  local target = next_target()
  return wrk.format("GET", target.path, {["Authorization"] = "Bearer " .. target.token})
end
"""
)


@dataclass(frozen=True)
class WrkFigure:
    """What wrk measured: requests per second, p50 and p99 in ms, non-2xx answers."""

    rps: float
    p50_ms: float
    p99_ms: float
    non_2xx: int


def wrk_available() -> bool:
    """Whether wrk is on the PATH (Debian: `apt-get install -y wrk`)."""
    return shutil.which("wrk") is not None


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text.strip()).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _parse(output: str) -> WrkFigure:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return WrkFigure(rps, p50, p99, int(bad.group(1)) if bad else 0)


def run_wrk(
    port: int, script: str, targets: list[tuple[str, str]], seconds: float, connections: int
) -> WrkFigure:
    """wrk against the hub on loopback with a Lua script and (path, token) pairs."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "load.lua"
        path.write_text(script.replace("TAG", f'"{time.monotonic_ns()}"'))
        args = [item for pair in targets for item in pair]
        command = [
            "wrk",
            f"-t{WRK_THREADS}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            str(path),
            f"http://127.0.0.1:{port}/",
            "--",
            *args,
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
    return _parse(done.stdout)


def wrk_figures(
    port: int, tokens: dict[str, str], ids: list[str], seconds: float, clients: int
) -> dict[str, WrkFigure]:
    """Event posts and consignment reads under wrk at `clients` connections."""
    events = [(f"/consignments/{cid}/events", tokens[f"carrier{i}"]) for i, cid in enumerate(ids)]
    reads = [(f"/consignments/{cid}", tokens[f"carrier{i}"]) for i, cid in enumerate(ids)]
    return {
        "posts": run_wrk(port, _POST_SCRIPT, events, seconds, clients),
        "reads": run_wrk(port, _GET_SCRIPT, reads, seconds, clients),
    }


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process (and its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def _anonymous_stats(port: int, callers: int) -> list[int]:
    statuses: list[int] = []
    lock = threading.Lock()

    def one() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.request("GET", "/stats/volumes")
        response = conn.getresponse()
        response.read()
        with lock:
            statuses.append(response.status)
        conn.close()

    threads = [threading.Thread(target=one) for _ in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@dataclass(frozen=True)
class Burst:
    """CPU seconds of one recomputation and of a burst, and event-post p99 during a burst."""

    one_cpu_s: float
    burst_cpu_s: float
    statuses: tuple[int, ...]
    posts_p99_ms: float


def _expired_then(port: int, pid: int, callers: int, settle_s: float) -> tuple[float, list[int]]:
    """Wait out the statistics cache, send `callers` anonymous requests at once and return the
    server's CPU seconds until the background refresh has surely finished."""
    time.sleep(STATS_TTL_S + 0.5)
    before = _cpu_s(pid)
    statuses = _anonymous_stats(port, callers)
    time.sleep(settle_s)
    return _cpu_s(pid) - before, statuses


def stats_burst(
    port: int, pid: int, post_during: Callable[[], float], settle_s: float = 4.0
) -> Burst:
    """CPU of one anonymous request after the cache expired (one recomputation) against
    `BURST` at once, on an otherwise idle server; then a burst while `post_during()` posts
    events, returning their p99."""
    _anonymous_stats(port, 1)  # prime: the first table is computed on the request path
    one, _ = _expired_then(port, pid, 1, settle_s)
    burst, statuses = _expired_then(port, pid, BURST, settle_s)
    time.sleep(STATS_TTL_S + 0.5)
    result: dict[str, float] = {}
    poster = threading.Thread(target=lambda: result.update(p99=post_during()))
    poster.start()
    time.sleep(1.0)
    statuses += _anonymous_stats(port, BURST)
    poster.join()
    return Burst(one, burst, tuple(statuses), result.get("p99", float("nan")))
