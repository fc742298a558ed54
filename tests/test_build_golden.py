"""The reader's check from the issue: the golden Libya article built into a timeline has
the expected events, in order, each linking to the article (skips where ../shared is absent)."""

from __future__ import annotations

import json
from pathlib import Path

from shared_data import shared_path

from timeline.cli import main


def test_libya_build_order(tmp_path: Path, capsys):
    article = shared_path("golden", "libya-airstrikes.txt")
    expected = json.loads(shared_path("golden", "libya-airstrikes.expected.json").read_text())
    out = tmp_path / "libya.json"
    code = main(["build", str(article), "--published", expected["published"],
                 "--format", "json", "-o", str(out), "-q"])
    assert code == 0, capsys.readouterr().err
    events = json.loads(out.read_text())["events"]
    positions = []
    for want in expected["timeline_required_in_order"]:
        matches = [i for i, e in enumerate(events)
                   if e["date"] == want["date"] and want["sentence_contains"] in e["text"]]
        assert matches, f"no event dated {want['date']} containing {want['sentence_contains']!r}"
        positions.append(matches[0])
        for i in matches:
            assert events[i]["sources"] and events[i]["sources"][0]["document"]
    assert positions == sorted(positions)

    site = tmp_path / "site"
    assert main(["build", str(article), "--published", expected["published"], "-o", str(site),
                 "-q"]) == 0
    html = (site / "index.html").read_text()
    for label in ("<time datetime=\"2015\">2015</time>",
                  "<time datetime=\"2016-12\">December 2016</time>",
                  "<time datetime=\"2017-01-19\">Thursday 19 January 2017</time>",
                  "<time datetime=\"2017-09-22\">Friday 22 September 2017</time>"):
        assert label in html
