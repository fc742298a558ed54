"""Editorial control end to end through ``timeline build``: corrections survive rebuilds
when articles are added, vanished ids warn, and a 200-article corpus gives a readable
key-date timeline of 20 dates in one command."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from timeline.cli import main

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def write_article(folder: Path, name: str, published: date, title: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"---\ntitle: {title}\ndate: {published.isoformat()}\nsource: {name.split('-')[0]}\n"
                    f"---\n\n{body}\n", encoding="utf-8")
    return path


def build_json(capsys, sources: Path, out: Path, *extra: str) -> tuple[list[dict], str]:
    code = main(["build", str(sources), "--format", "json", "-o", str(out), *extra])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(out.read_text(encoding="utf-8"))["events"], captured.err + captured.out


def find(events: list[dict], needle: str) -> dict:
    matches = [e for e in events if needle in e["text"]]
    assert len(matches) == 1, (needle, [e["text"] for e in events])
    return matches[0]


def test_corrections_stay_attached_when_articles_are_added(tmp_path: Path, capsys) -> None:
    src = tmp_path / "articles"
    src.mkdir()
    write_article(src, "gazette-dam.md", date(2021, 3, 10), "Dam opens",
                  "The new dam opened on March 2, 2021. Engineers inspected the spillway "
                  "on March 4, 2021. The council voted on the budget on February 11, 2021.")
    write_article(src, "courier-flood.md", date(2021, 4, 2), "Flood warning",
                  "Heavy rain flooded the valley on March 29, 2021. Residents were evacuated "
                  "on March 30, 2021.")
    out = tmp_path / "events.json"
    events, _ = build_json(capsys, src, out)
    dam = find(events, "new dam opened")
    spillway = find(events, "inspected the spillway")
    council = find(events, "council voted")
    flood = find(events, "flooded the valley")
    (src / "timeline.corrections.yaml").write_text(
        "events:\n"
        f"  {dam['id']}: {{pin: true, headline: Valley dam opens}}\n"
        f"  {spillway['id']}: {{date: 2021-03-05, note: inspection report is dated the 5th}}\n"
        f"  {council['id']}: {{hide: true}}\n"
        f"  {flood['id']}: {{headline: Valley floods}}\n"
        "manual:\n"
        "  - date: 2021-01-15\n    headline: Dam construction ends\n    source: Editor\n",
        encoding="utf-8")

    def check(events: list[dict]) -> None:
        dam_now = find(events, "new dam opened")
        assert dam_now["pinned"] and dam_now["headline"] == "Valley dam opens"
        spill_now = find(events, "inspected the spillway")
        assert spill_now["date"] == "2021-03-05"
        assert spill_now["note"] == "inspection report is dated the 5th"
        assert not [e for e in events if "council voted" in e["text"]]
        assert find(events, "flooded the valley")["headline"] == "Valley floods"
        manual = [e for e in events if e["manual"]]
        assert [m["text"] for m in manual] == ["Dam construction ends"]

    events, log = build_json(capsys, src, out)
    check(events)
    assert "no such event" not in log

    # A new article arrives: it retells one of the events (merging with it) and adds others.
    write_article(src, "bulletin-dam.md", date(2021, 3, 12), "Dam follow-up",
                  "The new dam opened on March 2, 2021. A second turbine started on March 11, 2021.")
    write_article(src, "aardvark-news.md", date(2021, 4, 5), "Flood clean-up",
                  "Heavy rain flooded the valley on March 29, 2021. Clean-up began on April 1, 2021.")
    events, log = build_json(capsys, src, out)
    check(events)
    assert "no such event" not in log
    assert len(find(events, "new dam opened")["sources"]) == 2
    assert len(find(events, "flooded the valley")["sources"]) == 2

    # An article disappears: its corrections are reported, by id, not silently dropped.
    (src / "courier-flood.md").unlink()
    (src / "aardvark-news.md").unlink()
    events, log = build_json(capsys, src, out)
    assert flood["id"] in log and "no such event" in log
    assert flood["id"] in (src / "timeline.corrections.yaml").read_text(encoding="utf-8")


def test_invalid_corrections_file_is_one_line_error(tmp_path: Path, capsys) -> None:
    src = tmp_path / "articles"
    src.mkdir()
    write_article(src, "a.md", date(2021, 3, 10), "A", "The dam opened on March 2, 2021.")
    fix = tmp_path / "fix.yaml"
    fix.write_text("events:\n  abc:\n    hide: perhaps\n", encoding="utf-8")
    out = tmp_path / "site"
    code = main(["build", str(src), "-o", str(out), "--corrections", str(fix), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert "fix.yaml:3:" in err and "Traceback" not in err
    assert not out.exists()  # no half-written output
    code = main(["build", str(src), "-o", str(out), "--corrections", str(tmp_path / "no.yaml")])
    assert code == 2 and "no.yaml" in capsys.readouterr().err


# -- 200 articles -> 20 key dates ------------------------------------------------------------

ACTORS = ("the city council", "the mayor", "the harbour authority", "union leaders",
          "the regional court", "the ferry operator", "environmental groups", "the governor")
ACTIONS = ("approved the harbour expansion plan", "suspended the dredging contract",
           "announced a public inquiry into the ferry collapse", "signed the wage agreement",
           "ruled the permits unlawful", "resumed ferry services to the islands",
           "published the water quality report", "declared a state of emergency in the port",
           "dismissed the harbour director", "unveiled the new terminal design")


def synthetic_corpus(folder: Path, n_articles: int = 200, seed: int = 11) -> list[date]:
    """A story told by 200 articles from 4 outlets over a year: 40 events of varying
    importance, each retold by later articles ("on March 2", "last Tuesday", "yesterday")."""
    rng = random.Random(seed)
    start = date(2022, 1, 3)
    days = sorted(rng.sample(range(360), 40))
    story = []
    for i, offset in enumerate(days):
        story.append((start + timedelta(days=offset), f"{ACTORS[i % len(ACTORS)].capitalize()} "
                      f"{ACTIONS[(i * 3) % len(ACTIONS)]}", 1.0 / (1 + (i * 7) % 13)))
    weights = [w for _, _, w in story]
    for k in range(n_articles):
        day, what, _ = rng.choices(story, weights=weights)[0]
        published = day + timedelta(days=rng.choice((0, 1, 1, 2, 3, 7, 14)))
        lag = (published - day).days
        if lag == 0:
            when = "today"
        elif lag == 1:
            when = "yesterday"
        else:
            when = f"on {MONTHS[day.month - 1]} {day.day}, {day.year}"
        other_day, other, _ = rng.choice(story)
        body = (f"{what} {when}, officials said. "
                f"Reporters followed the story closely as the week went on. "
                f"Earlier, {other[0].lower() + other[1:]} on {MONTHS[other_day.month - 1]} "
                f"{other_day.day}, {other_day.year}.")
        outlet = ("herald", "courier", "gazette", "bulletin")[k % 4]
        write_article(folder, f"{outlet}-{k:03d}.md", published, what[:60], body)
    return [d for d, _, _ in story]


def test_200_articles_give_20_readable_key_dates_in_one_command(tmp_path: Path, capsys) -> None:
    src = tmp_path / "corpus"
    src.mkdir()
    story_days = synthetic_corpus(src)
    out = tmp_path / "key.json"
    events, log = build_json(capsys, src, out, "--key-dates", "20")
    days = sorted({e["date"] for e in events})
    assert len(days) == 20
    assert all(e["key"] for e in events)
    per_day = {d: [e for e in events if e["date"] == d] for d in days}
    assert all(1 <= len(v) <= 2 for v in per_day.values())
    for event in events:
        assert event["text"].strip() and event["sources"]
        assert len(event["text"]) < 400
    assert set(days) <= {d.isoformat() for d in story_days}
    # --from/--to: only days inside the range are candidates, still N of them
    ranged, _ = build_json(capsys, src, tmp_path / "ranged.json", "--key-dates", "5",
                           "--from", "2022-03-01", "--to", "2022-08-31")
    ranged_days = {e["date"] for e in ranged}
    assert len(ranged_days) == 5 and all("2022-03-01" <= d <= "2022-08-31" for d in ranged_days)
    # same input, same bytes
    first = out.read_bytes()
    build_json(capsys, src, out, "--key-dates", "20")
    assert out.read_bytes() == first
    # the site shows the key-date view first and keeps the full timeline; no review controls
    site = tmp_path / "site"
    code = main(["build", str(src), "-o", str(site), "--key-dates", "20", "--quiet"])
    assert code == 0, capsys.readouterr().err
    pages = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "Key dates" in (site / "index.html").read_text(encoding="utf-8")
    for marker in ('action="/correct"', 'name="token"', 'method="post"', "Re-date",
                   "Pin to key dates"):
        assert marker not in pages
