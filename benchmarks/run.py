#!/usr/bin/env python
"""legtimer benchmarks: one command, a table on the terminal, the same table in RESULTS.md.

    python benchmarks/run.py                 # every benchmark (about 8 minutes on 2 cores)
    python benchmarks/run.py --quick         # fewer repetitions, shorter windows
    python benchmarks/run.py startup cpu     # some of them, by name (see --list)

It measures the `legtimer` importable by this interpreter (``sys.executable -m legtimer``)
against baselines run the same way, in the same run, interleaved. See README.md.
Each benchmark is a file `bench_NAME.py` beside this one; harness.py holds what they share.
Everything it writes goes to a temporary folder (removed at the end) except the results;
every tmux server it starts uses its own socket and is killed even on failure.
"""

from __future__ import annotations

import argparse
import importlib
import shlex
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Programs run with the repository as their working folder, so `python -m legtimer` runs
# this checkout's legtimer; the benchmarks (a package in it) and their own imports of its
# domain use the same tree.
sys.path.insert(0, str(HERE.parent))

# In the order of a full run: the short in-process ones first, the long hold last.
BENCHMARKS = (
    "startup",
    "cpu",
    "transitions",
    "plain-transitions",
    "simulation",
    "history",
    "history-screen",
    "validate",
    "memory",
)
# Older names, still accepted.
ALIASES = {"accuracy": ("transitions", "plain-transitions")}


def module_name(name: str) -> str:
    return "bench_" + name.replace("-", "_")


def description(name: str) -> str:
    """The first line of the benchmark's docstring (read, not imported: no legtimer needed)."""
    path = HERE / f"{module_name(name)}.py"
    text = path.read_text().split('"""')[1] if path.exists() else ""
    return text.strip().splitlines()[0] if text.strip() else ""


def chosen(names: Sequence[str], parser: argparse.ArgumentParser) -> list[str]:
    """The benchmarks asked for, in the order of a full run; all of them when none is."""
    wanted: set[str] = set()
    for raw in names:
        for name in (part.strip() for part in raw.split(",")):
            if name in ALIASES:
                wanted.update(ALIASES[name])
            elif name in BENCHMARKS:
                wanted.add(name)
            elif name:
                parser.error(f"unknown benchmark {name!r} (see --list)")
    return [name for name in BENCHMARKS if name in wanted] if wanted else list(BENCHMARKS)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help="benchmarks to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, shorter windows")
    parser.add_argument("--only", metavar="NAMES", help="the same as NAMEs, comma-separated")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    parser.add_argument(
        "--output",
        type=Path,
        help="where to write the results (default: benchmarks/RESULTS.md after a run of "
        "every benchmark; nowhere after a run of some)",
    )
    args = parser.parse_args(argv)
    if args.list:
        for name in BENCHMARKS:
            print(f"{name:18} {description(name)}")
        return 0
    names = chosen([*args.names, *([args.only] if args.only else [])], parser)
    output = args.output
    if output is None and names == list(BENCHMARKS):
        output = HERE / "RESULTS.md"
    if shutil.which("tmux") is None:
        parser.error("tmux is needed (apt-get install tmux)")
    try:
        import legtimer as _  # noqa: F401
    except ImportError:
        parser.error(
            f"{sys.executable} cannot import legtimer: install it first (pip install -e .)"
        )

    # Imported only now: the benchmarks import legtimer's domain, checked just above.
    from benchmarks.harness import Bench, Config, Report, Row
    from benchmarks.processes import compile_checkout
    from benchmarks.results import print_table, write_results
    from benchmarks.terminal import Tmux

    benches: dict[str, Callable[[Bench], None]] = {
        name: importlib.import_module(f"benchmarks.{module_name(name)}").run for name in names
    }
    report = Report()
    compile_checkout()  # measure what an installed copy runs
    report.notes.append(
        "legtimer/ was byte-compiled before the runs, as `pip install .` does (README.md)."
    )
    began = time.perf_counter()
    failed = False
    with tempfile.TemporaryDirectory(prefix="legbench-") as folder:
        tmux = Tmux(Path(folder))
        bench = Bench(Config.make(args.quick), tmux, Path(folder), report)
        try:
            for name, run in benches.items():
                print(f"[{time.perf_counter() - began:5.0f} s] {name}", flush=True)
                try:
                    run(bench)
                except Exception as error:  # one broken benchmark must not hide the others
                    failed = True
                    report.add(Row(f"{name}: FAILED", str(error).splitlines()[0][:120]))
                    report.notes.append(f"{name} failed: {error}")
        finally:
            tmux.close()
    elapsed = time.perf_counter() - began
    print_table(report)
    if output is not None:
        command = shlex.join(
            ["python", "benchmarks/run.py", *(sys.argv[1:] if argv is None else argv)]
        )
        write_results(report, command, elapsed, output)
        print(f"Wrote {output} ({elapsed / 60:.1f} min).")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
