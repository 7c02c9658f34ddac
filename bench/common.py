"""Helpers for the benchmark: statistics, the machine, the golden questions, the marts per
scale and a real `jeugdbot serve` process with a mock Slack Web API beside it.

Kept apart from bench/run.py so the smoke test and other benchmark scripts can reuse them
without pulling in the report writer.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import yaml

# A fake bot token, made per run: no secret-shaped literal in the repository, and the mock
# Slack API accepts any token.
FAKE_BOT_TOKEN = secrets.token_hex(16)

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/run.py` puts bench/, not the root, on the path
    sys.path.insert(0, str(ROOT))

GOLDEN_DIR = ROOT / "tests" / "golden"
DATA_DIR = ROOT / "data" / "bench"  # git-ignored (/data/)
VENV_BIN = Path(sys.executable).parent
STARTUP_QUESTION = "Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?"


# -- statistics -------------------------------------------------------------------------------


def stats(samples_ms: list[float]) -> dict[str, Any]:
    """n, mean and the percentiles the targets are stated in (linear interpolation), in ms."""
    if not samples_ms:
        return {"n": 0, "mean": None, "p50": None, "p95": None, "p99": None, "max": None}
    a = np.asarray(samples_ms, dtype=float)
    p50, p95, p99 = np.percentile(a, [50, 95, 99])
    return {
        "n": int(a.size),
        "mean": float(a.mean()),
        "p50": float(p50),
        "p95": float(p95),
        "p99": float(p99),
        "max": float(a.max()),
    }


# -- the machine ----------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "onbekend"


def _ram_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"') + f" (kernel {platform.release()})"
    except OSError:
        pass
    return platform.platform()


def git_commit() -> str:
    """Short commit of the working tree, with '+dirty' when tracked files differ from it."""
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "onbekend"
    return sha + ("+dirty" if dirty else "")


def machine() -> dict[str, Any]:
    """What the numbers were measured on: they only mean something next to this."""
    import duckdb

    return {
        "nproc": os.cpu_count(),
        "ram_gb": _ram_gb(),
        "cpu": _cpu_model(),
        "os": _os_name(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
    }


# -- questions --------------------------------------------------------------------------------


def golden_questions() -> dict[str, list[str]]:
    """The golden questions as users type them: numeric `q` and knowledge `vraag`, deduplicated.

    Earlier turns (`na`) are left out on purpose: every question is timed on its own
    conversation, so a follow-up is measured as the standalone question it then is.
    """
    out: dict[str, list[str]] = {}
    for name, key in (("numeric", "q"), ("knowledge", "vraag")):
        raw = yaml.safe_load((GOLDEN_DIR / f"{name}.yaml").read_text(encoding="utf-8")) or []
        seen = dict.fromkeys(
            str(item[key]) for item in raw if isinstance(item, dict) and key in item
        )
        out[name] = list(seen)
    return out


# -- marts per scale ----------------------------------------------------------------------


def marts_path(scale: int, data_dir: Path = DATA_DIR) -> Path:
    return data_dir / f"demo-x{scale}.duckdb"


_BUILD_SCRIPT = """
import json, resource, sys, time
from pathlib import Path
from bot.marts.demo import build_demo
out, scale = Path(sys.argv[1]), int(sys.argv[2])
t = time.perf_counter()
build_demo(out, progress=False, scale=scale)
info = {"scale": scale, "build_s": time.perf_counter() - t,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "bytes": out.stat().st_size}
Path(str(out) + ".build.json").write_text(json.dumps(info))
"""


def ensure_marts(scale: int, data_dir: Path = DATA_DIR) -> tuple[Path, dict[str, Any]]:
    """The demo marts at `scale`, built in a fresh process unless already present.

    The build runs in its own process so its peak memory is its own and the benchmark process
    does not carry the generator's arrays; build time and peak memory are kept next to the file
    (`.build.json`) so a reused file still reports how long it took to make.
    """
    path = marts_path(scale, data_dir)
    meta = Path(str(path) + ".build.json")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-c", _BUILD_SCRIPT, str(path), str(scale)], cwd=ROOT,
                       check=True)  # fmt: skip
    info: dict[str, Any] = {"scale": scale, "bytes": path.stat().st_size, "reused": True}
    if meta.exists():
        info.update(json.loads(meta.read_text()))
        if "peak_rss_kb" in info:  # written by an earlier helper script in KiB
            info["peak_rss_mb"] = info.pop("peak_rss_kb") / 1024
    return path, info


def table_rows(path: Path) -> dict[str, int]:
    """Row counts of the big fact tables, so a scale is described by its size, not its name."""
    from bot.marts.warehouse import open_readonly

    con = open_readonly(path)
    try:
        out = {}
        for t in ("fact_traject", "fact_declaratie"):
            row = con.execute(f"SELECT count(*) FROM {t}").fetchone()  # noqa: S608 - fixed names
            out[t] = int(row[0]) if row else 0
        return out
    finally:
        con.close()


def peak_rss_mb_self() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def proc_memory_mb(pid: int) -> dict[str, float]:
    """Peak (VmHWM) and current (VmRSS) resident memory of another process, from /proc."""
    out: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            out["peak_rss_mb" if key == "VmHWM" else "rss_mb"] = int(rest.split()[0]) / 1024
    return out


# -- a real server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """`jeugdbot serve` in its own process, exactly as production starts it (one uvicorn server
    process and its answer workers), on a free port of 127.0.0.1, with Slack configured against
    a local mock API.

    The benchmark raises the per-user throttle (JEUGDBOT_THROTTLE_PER_MINUTE): all load comes
    from one address, which the web channel treats as one user, and a throttled request would
    measure the refusal instead of an answer.
    """

    marts: Path
    slack_api_url: str
    signing_secret: str
    throttle_per_minute: int = 1_000_000
    port: int = field(default_factory=free_port)
    # The serving command before `serve --port N`; default: the installed `jeugdbot` script.
    command: list[str] | None = None
    # The serving copy of the marts, built beforehand (bench/run.py serving_copy); None: the
    # server builds it in its private cache at start.
    serving_dir: Path | None = None
    # More settings for the server (JEUGDBOT_ANSWER_WORKERS, say); the rest is production's.
    env: dict[str, str] = field(default_factory=dict)
    started_s: float | None = None
    _proc: subprocess.Popen[bytes] | None = None
    _tmp: tempfile.TemporaryDirectory[str] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self._proc is not None
        return self._proc.pid

    def __enter__(self) -> Server:
        self._tmp = tempfile.TemporaryDirectory(prefix="jeugdbot-bench-")
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("JEUGDBOT_", "SLACK_",
                                                                          "TEAMS_"))},
            "JEUGDBOT_MARTS": str(self.marts),
            "JEUGDBOT_CACHE_DIR": self._tmp.name,
            **({"JEUGDBOT_SERVING_DIR": str(self.serving_dir)} if self.serving_dir else {}),
            "JEUGDBOT_THROTTLE_PER_MINUTE": str(self.throttle_per_minute),
            "JEUGDBOT_SLACK_API_URL": self.slack_api_url,
            "SLACK_SIGNING_SECRET": self.signing_secret,
            "SLACK_BOT_TOKEN": FAKE_BOT_TOKEN,
            **self.env,
        }  # fmt: skip
        log = open(Path(self._tmp.name) / "server.log", "wb")
        self._log = log
        t0 = time.perf_counter()
        self._proc = subprocess.Popen(
            [*(self.command or [str(VENV_BIN / "jeugdbot")]), "serve", "--port", str(self.port)],
            cwd=self._tmp.name,  # no .env of the working tree is read
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            if self._proc.poll() is not None:
                raise RuntimeError(f"server stopped: {self.log_tail()}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not start: {self.log_tail()}")
            time.sleep(0.05)
        self.started_s = time.perf_counter() - t0
        return self

    def log_tail(self, n: int = 2000) -> str:
        if self._tmp is None:
            return ""
        self._log.flush()
        return (Path(self._tmp.name) / "server.log").read_bytes()[-n:].decode(errors="replace")

    def memory(self) -> dict[str, Any]:
        """Peak and current RSS of the server process and of each helper it started (answer
        workers, chart renderer); `peak_rss_mb` is their sum, an upper bound of the peak of
        the whole."""
        server = proc_memory_mb(self.pid)
        helpers = []
        for child in Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split():
            try:
                helpers.append(proc_memory_mb(int(child)))
            except OSError:  # gone since the listing
                continue
        return {
            "peak_rss_mb": server.get("peak_rss_mb", 0.0)
            + sum(h.get("peak_rss_mb", 0.0) for h in helpers),
            "rss_mb": server.get("rss_mb", 0.0) + sum(h.get("rss_mb", 0.0) for h in helpers),
            "server_peak_rss_mb": server.get("peak_rss_mb"),
            "helper_peak_rss_mb": [h.get("peak_rss_mb") for h in helpers],
        }

    def __exit__(self, *exc: object) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(15)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(5)
        self._log.close()
        if self._tmp is not None:
            self._tmp.cleanup()
