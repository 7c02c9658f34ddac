"""The benchmark runs: its quick mode's measurements on the demo marts, with tiny counts.

Only the shape of the results and the report are checked, never a timing: timings belong to
the machine and are written down in docs/benchmarks.md by `bench/run.py`, not asserted here.
"""

from __future__ import annotations

from pathlib import Path

from bench.run import (
    HTTP_LEVELS,
    TARGETS,
    bound,
    collect,
    measure_scale,
    parse_args,
    render_markdown,
    render_plot,
)


def test_quick_mode_defaults() -> None:
    args = parse_args(["--quick"])
    assert args.scales == "1"
    assert (args.rounds, args.startup_runs, args.profile) == (1, 1, False)
    assert args.out.endswith("quick.md")  # a smoke run never overwrites docs/benchmarks.md
    assert parse_args([]).out.endswith("docs/benchmarks.md")


def test_bound_turns_answer_params_back_into_query_values() -> None:
    from datetime import date

    params = {"starts": ["2023-01-01"], "gemeenten": ["GM0794"], "segment": None, "n": 3}
    assert bound(params) == {
        "starts": [date(2023, 1, 1)],
        "gemeenten": ["GM0794"],
        "segment": None,
        "n": 3,
    }


def test_quick_measurements_and_report(demo_marts: Path, tmp_path: Path) -> None:
    args = parse_args(
        ["--quick", "--max-questions", "3", "--requests", "4", "--data-dir", str(tmp_path)]
    )
    build = {"scale": 1, "bytes": demo_marts.stat().st_size, "build_s": 1.0}
    scale = measure_scale(1, demo_marts, build, args)

    answer = scale["answer"]
    assert answer["questions"] == {"numeric": 3, "knowledge": 3}
    assert answer["all"]["n"] == 6 and answer["numeric"]["n"] == 3
    assert answer["overhead"]["questions"] >= 1  # numeric golden questions run a query
    assert answer["overhead"]["ratio_median"] > 0
    for level in HTTP_LEVELS:
        http = scale["http"][str(level)]
        assert http["errors"] == 0 and http["n"] == max(4, level)
    slack = scale["slack"]
    assert slack["ack"]["errors"] == 0 and slack["ack"]["n"] == 4
    assert slack["replies"] == 4 and slack["reply"]["n"] == 4  # every event answered once
    assert scale["memory"]["peak_rss_mb"] > 0
    startup = scale["startup"]
    assert startup["runs"] == 1
    # the answer is printed before the interpreter's teardown, so before the process exits
    assert 0 < startup["answer_median_s"] < startup["cli_median_s"]
    assert scale["rows"]["fact_traject"] > 0

    results = collect({"1": scale}, "python bench/run.py --quick", True, 1.0)
    targets = {t["target"] for t in results["targets"]}
    assert targets == set(TARGETS) - {"answer_100x"}  # 100x is not part of a 1x run
    assert all(isinstance(t["pass"], bool) for t in results["targets"])

    md = render_markdown(results, "plot.png", analysis="## Analysis\n\nWhere the time goes.")
    for heading in (
        "## Run",
        "## Targets",
        "## Marts",
        "## answer() in-process",
        "### Overhead of answer() over the bare query",
        "## POST /api/ask over HTTP",
        "## Slack ack under load",
        "## Memory and start-up",
    ):
        assert heading in md
    assert "![latency against mart size](plot.png)" in md
    assert md.rstrip().endswith("Where the time goes.")
    assert md.count("| 1x |") >= 10
    assert ("PASS" in md) or ("FAIL" in md)

    png = tmp_path / "plot.png"
    render_plot(results, png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
