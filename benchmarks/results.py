"""The report's two outputs: a table on the terminal, and RESULTS.md with the machine and
the raw numbers."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from benchmarks.harness import Report
from benchmarks.processes import REPO, find_termdown, legtimer, version_of


def machine() -> list[tuple[str, str]]:
    import textual

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = version_of(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--", "legtimer"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    termdown = find_termdown()
    return [
        ("date", datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")),
        ("cpus", f"{os.cpu_count()} x {cpu}"),
        ("os", platform.platform()),
        ("python", platform.python_version()),
        ("textual", textual.__version__),
        ("legtimer", version_of(legtimer("--version"))),
        ("commit", commit + (" (legtimer/ has uncommitted changes)" if dirty else "")),
        ("tmux", version_of(["tmux", "-V"])),
        ("termdown", version_of([termdown, "--version"]) if termdown else "not installed"),
    ]


def met_text(met: bool | None) -> str:
    return {True: "yes", False: "NO", None: "-"}[met]


def print_table(report: Report) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="legtimer benchmarks", title_justify="left")
    for column in ("Benchmark", "legtimer", "Baseline", "Ratio", "Target", "Met?"):
        table.add_column(column, overflow="fold")
    for row in report.rows:
        style = {True: "green", False: "bold red", None: ""}[row.met]
        table.add_row(
            row.benchmark,
            row.legtimer,
            row.baseline,
            row.ratio,
            row.target,
            met_text(row.met),
            style=style or None,
        )
    console = Console() if sys.stdout.isatty() else Console(width=160)
    console.print(table)
    for note in report.notes:
        console.print(f"Note: {note}", markup=False)


def write_results(report: Report, command: str, seconds: float, path: Path) -> None:
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = [
        "# legtimer benchmark results",
        "",
        f"Written by `{command}` in {seconds / 60:.1f} minutes. Medians with (min-max) of "
        "the repetitions; every ratio is legtimer's median over the baseline's, measured in "
        "the same run. See [README.md](README.md) for what each row measures.",
        "",
        "| Benchmark | legtimer | Baseline | Ratio | Target | Met? |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in report.rows:
        values = (row.benchmark, row.legtimer, row.baseline, row.ratio, row.target)
        lines.append("| " + " | ".join(cell(v) for v in (*values, met_text(row.met))) + " |")
    lines += ["", "## Machine", ""]
    lines += [f"- {key}: {value}" for key, value in machine()]
    if report.notes:
        lines += ["", "## Notes", ""]
        lines += [f"- {note}" for note in report.notes]
    if report.details:
        lines += ["", "## Raw numbers", ""]
        lines += [f"- {detail}" for detail in report.details]
    path.write_text("\n".join(lines) + "\n")
