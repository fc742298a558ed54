"""Does a change to the tagger's machinery keep its output byte for byte? Dump every
expression ``tag()`` finds (start, end, type, value, mod, explanation) over a fixed corpus
to JSON, once per tree, and compare the dumps.

    # the "before" tree: a worktree of the commit to compare against
    git worktree add /tmp/tagger-base HEAD
    python benchmarks/check_tagger_identity.py dump --tree /tmp/tagger-base /tmp/before.json
    python benchmarks/check_tagger_identity.py dump /tmp/after.json      # this tree (not the
                                                                        # installed one)
    python benchmarks/check_tagger_identity.py compare /tmp/before.json /tmp/after.json

The corpus: the TimeBank + AQUAINT texts and a fixed sample of Timeline17 articles from
../shared when present, the repo's examples/, a line dense with expressions, and a few
stress texts (no sentence end, odd Unicode, windows at text edges); each in news mode and
the shorter ones in narrative mode too, plus ``normalize()`` on short phrases. Compare
trees whose grammar (rules, lexicon, resolver) is at the same state: the check is for
speed work, which must not change what is found.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
T17_SAMPLE_EVERY = 7  # every 7th Timeline17 article (sorted paths): ~420 articles

_STRESS = [
    ("dense", "On Friday, 500 drones flew 150 miles, as in December 2015 and on January 19, "
              "the day before; three weeks later " * 40),
    ("edges", "2017"),
    ("edges2", "Friday"),
    ("edges3", "last week, 3 p.m. Tuesday; the 1990s and the '90s; Q3 2017 and FY2018 "),
    ("unicode", "\u0130stanbul on March 3, 2012 \u212aelvin \u017fince 1999; "
                "at 5pm on Dec. 4th the 2nd quarter ended."),
    ("no-sentence-end", ("the meeting on Monday was moved to Tuesday at noon and then "
                         "again two days later to the following week ") * 30),
    ("hyphens", "mid-2010, pre-1990 and post-2001 figures; 2010-2014 and 2015-16; "
                "early-March, late-September 2019; 9/11 and 22/9/2017 and 22.9.2017."),
]
_PHRASES = ["next Friday", "in December", "two weeks ago", "the 1990s", "March 3",
            "last spring", "tomorrow morning", "the third quarter", "since 2001", "now",
            "every Monday", "three years", "the day before", "Christmas Eve"]


def corpus(shared: Path) -> list[tuple[str, str, date]]:
    """(name, text, published) of every text, in a fixed order."""
    texts: list[tuple[str, str, date]] = []
    tbaq = shared / "data" / "tbaq"
    if tbaq.is_dir():
        from timeline.temporal.timeml import iter_timeml_files, read_timeml

        for path in iter_timeml_files(tbaq):
            doc = read_timeml(path)
            texts.append((f"tbaq/{path.parent.name}/{path.name}", doc.text,
                          doc.dct or date(2000, 1, 1)))
    t17 = shared / "data" / "timeline17"
    if t17.is_dir():
        paths = sorted(t17.glob("*/InputDocs/*/*.txt"))
        for path in paths[::T17_SAMPLE_EVERY]:
            try:
                published = date.fromisoformat(path.parent.name)
            except ValueError:
                published = date(2010, 1, 1)
            texts.append((f"t17/{path.relative_to(t17).as_posix()}",
                          path.read_text(encoding="utf-8", errors="replace"), published))
    examples = ROOT / "examples"
    for path in sorted(examples.rglob("*")):
        if path.is_file() and path.suffix in (".md", ".txt", ".html", ".yaml", ".toml"):
            texts.append((f"examples/{path.relative_to(examples).as_posix()}",
                          path.read_text(encoding="utf-8", errors="replace"), date(2024, 1, 1)))
    for name, text in _STRESS:
        texts.append((f"stress/{name}", text, date(2017, 9, 24)))
    return texts


def dump(tree: Path | None, out: Path, shared: Path = SHARED) -> int:
    # Without --tree: the tree this script is in (the editable install may point at
    # another checkout, and a worktree would silently dump that one).
    tree = ROOT if tree is None else tree
    sys.path.insert(0, str(tree.resolve()))
    import timeline
    from timeline.temporal import TAGGER_VERSION, normalize, tag

    where = Path(timeline.__file__).resolve().parents[1]
    if where != tree.resolve():
        sys.exit(f"imported timeline from {where}, not from {tree}")
    records: dict[str, object] = {}

    def row(t: object) -> list[object]:
        return [t.start, t.end, t.type, t.value, t.mod, asdict(t.explanation)]  # type: ignore[attr-defined]

    texts = corpus(shared)
    for name, text, published in texts:
        records[f"news:{name}"] = [row(t) for t in tag(text, published, mode="news")]
        records[f"nopub:{name}"] = [row(t) for t in tag(text, None, mode="news")][:50]
        if len(text) < 4000:
            records[f"narrative:{name}"] = [row(t) for t in tag(text, published, mode="narrative")]
    for phrase in _PHRASES:
        found = normalize(phrase, date(2017, 9, 24))
        records[f"normalize:{phrase}"] = None if found is None else row(found)
    payload = {"tagger_version": TAGGER_VERSION, "tree": str(where), "texts": len(texts),
               "expressions": sum(len(v) for k, v in records.items()
                                  if isinstance(v, list) and k.startswith("news:")),
               "records": records}
    out.write_text(json.dumps(payload, sort_keys=True, indent=0, ensure_ascii=False),
                   encoding="utf-8")
    print(f"{out}: {len(texts)} texts, {payload['expressions']} expressions (news mode), "
          f"tagger {TAGGER_VERSION} from {where}")
    return 0


def compare(before: Path, after: Path, show: int = 10) -> int:
    a = json.loads(before.read_text(encoding="utf-8"))
    b = json.loads(after.read_text(encoding="utf-8"))
    ra, rb = a["records"], b["records"]
    differ = sorted(k for k in set(ra) | set(rb) if ra.get(k) != rb.get(k))
    print(f"before: {a['texts']} texts, {a['expressions']} expressions ({a['tree']})")
    print(f"after:  {b['texts']} texts, {b['expressions']} expressions ({b['tree']})")
    if not differ:
        print(f"IDENTICAL: {len(ra)} records")
        return 0
    print(f"DIFFERENT: {len(differ)} of {len(ra)} records")
    for key in differ[:show]:
        old, new = ra.get(key) or [], rb.get(key) or []
        if key.startswith("normalize:"):
            print(f"  {key}: {old} -> {new}")
            continue
        gone = [x for x in old if x not in new]
        added = [x for x in new if x not in old]
        print(f"  {key}: -{gone[:3]} +{added[:3]}")
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="tag the corpus and write the results as JSON")
    d.add_argument("--tree", type=Path, help="import timeline from this tree (a worktree)")
    d.add_argument("--shared", type=Path, default=SHARED,
                   help="the shared data folder (default: ../shared of this tree)")
    d.add_argument("out", type=Path)
    c = sub.add_parser("compare", help="compare two dumps; exit 1 when they differ")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--show", type=int, default=10)
    args = parser.parse_args(argv)
    if args.command == "dump":
        return dump(args.tree, args.out, args.shared)
    return compare(args.before, args.after, args.show)


if __name__ == "__main__":
    sys.exit(main())
