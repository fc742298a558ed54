"""Run every benchmark in this folder, one after the other, and print all their figures.

    python benchmarks/run_all.py            # the default size of each benchmark
    python benchmarks/run_all.py --full     # the long variants (100,000-document build)
    python benchmarks/run_all.py --only build tagger

Each ``bench_*.py`` script runs in its own process (so one's memory or imports never
colour another's figures) with the flags below; a script that fails is reported and
the others still run. The exit status is non-zero when any script failed. Scripts that
need optional data (``../shared``) or extras (dateparser, ctparse for the tagger
comparison: ``pip install -e '.[bench]'``) say so in their own output.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Extra arguments per script for the default and the --full run (scripts not listed run
# with no arguments). The tagger benchmark compares our tagger with dateparser and ctparse
# on the same texts in the same run (issue 5 asks for both side by side).
ARGS: dict[str, tuple[list[str], list[str]]] = {
    "bench_build.py": ([], ["--full"]),
    "bench_incremental.py": ([], []),
    "bench_tagger.py": ([], []),
}


def scripts(only: list[str] | None) -> list[Path]:
    found = sorted(HERE.glob("bench_*.py"))
    if only:
        wanted = {f"bench_{name.removeprefix('bench_').removesuffix('.py')}.py" for name in only}
        missing = wanted - {p.name for p in found}
        if missing:
            raise SystemExit(f"no such benchmark: {', '.join(sorted(missing))} "
                             f"(have: {', '.join(p.name for p in found)})")
        found = [p for p in found if p.name in wanted]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="run the long variants too")
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        help="run only these (e.g. build incremental tagger)")
    args = parser.parse_args()
    results = []
    for script in scripts(args.only):
        default, full = ARGS.get(script.name, ([], []))
        command = [sys.executable, str(script), *(full if args.full else default)]
        print(f"\n######## {script.name} {' '.join(command[2:])}".rstrip(), flush=True)
        start = time.perf_counter()
        code = subprocess.call(command, cwd=HERE.parent)
        elapsed = time.perf_counter() - start
        results.append((script.name, code, elapsed))
    print("\n######## summary")
    for name, code, elapsed in results:
        status = "ok" if code == 0 else f"FAILED (exit {code})"
        print(f"  {name:<28} {status:<18} {elapsed:8.1f} s")
    return 0 if all(code == 0 for _, code, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
