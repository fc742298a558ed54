"""Synthetic news corpora for the scale benchmarks: deterministic, news-like, ours.

Every article is generated from its index and the seed alone (``random.Random``), so a
corpus of 1,000 documents is the first 1,000 of the 10,000 one and reruns produce the
same bytes. Articles are short wire-style reports about a made-up world (invented towns,
agencies and people), about 1-2 KB each, with a headline, a dateline and a dozen
sentences that mix every kind of time expression the tagger handles — absolute dates in
several spellings, months and weekdays without a year, relative expressions, years,
quarters, seasons, durations, sets, times of day — plus sentences with no date and
numbers that are not dates. Recurring "stories" are retold by several articles in
near-identical words, so event merging has real work to do.

Formats: 70 % Markdown with YAML front matter, 20 % plain text dated by their folder name
(``2019-03-04/report-000012.txt``), 10 % HTML with ``article:published_time`` meta.

    python benchmarks/synthetic.py OUT_DIR --docs 10000 [--seed 0]
"""

from __future__ import annotations

import argparse
import html
import random
from datetime import date, timedelta
from pathlib import Path

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MONTH_ABBR = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.",
              "Oct.", "Nov.", "Dec."]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]

TOWNS = ["Varnholm", "Estrela Bay", "Kildary", "Port Anselm", "Ostrava Nova", "Lindqvist",
         "Marrow Ford", "Caldera Springs", "New Tessaly", "Brightwater", "Quillon",
         "Ravensmoor", "Sol Aurin", "Tamberlin", "Uxbridge Flats", "Wexcombe"]
REGIONS = ["the northern province", "the coastal district", "the river valley",
           "the eastern highlands", "the capital region", "the southern delta"]
AGENCIES = ["the Ministry of Water", "the Harbour Authority", "the Rail Safety Board",
            "the Regional Assembly", "the National Grid Operator", "the Census Office",
            "the Fisheries Council", "the Bureau of Roads", "the Civil Aviation Office",
            "the Public Health Service"]
PEOPLE = ["Mayor Ilse Brandt", "Minister Tomas Okafor", "Inspector Rhea Lindqvist",
          "spokeswoman Anika Varga", "Director Paulo Mendes", "Commissioner Lena Hart",
          "Senator Joaquim Ruiz", "engineer Mei Tanaka", "Judge Oren Castellano",
          "economist Dalia Serrano"]
TOPICS = ["flood defences", "the new tram line", "water rationing", "the port expansion",
          "the grain harvest", "the bridge inspection", "the power outage",
          "the hospital strike", "the airport runway", "the fishing quota", "school repairs",
          "the census results", "the wildfire season", "the coastal road"]
OUTLETS = ["The Varnholm Courier", "Coastal Wire", "Daily Meridian", "Northern Ledger",
           "Brightwater Post", "Delta Dispatch"]
TAGS = ["infrastructure", "politics", "environment", "health", "economy", "transport"]
VERBS_PAST = ["announced", "confirmed", "approved", "rejected", "postponed", "opened",
              "inspected", "suspended", "completed", "reviewed"]
VERBS_FUTURE = ["will announce", "will vote on", "is expected to approve",
                "plans to open", "is scheduled to review", "will inspect"]

FIRST_DAY = date(2012, 1, 1)
SPAN_DAYS = 365 * 12  # publication dates over twelve years


def _long_date(d: date, rng: random.Random) -> str:
    style = rng.randrange(5)
    if style == 0:
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == 1:
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    if style == 2:
        return f"{MONTH_ABBR[d.month - 1]} {d.day}, {d.year}"
    if style == 3:
        return d.isoformat()
    return f"{d.month}/{d.day}/{d.year}"


def _time_phrase(published: date, rng: random.Random) -> tuple[str, str]:
    """A time expression and the tense of the sentence it fits in ('past'|'future')."""
    kind = rng.randrange(16)
    if kind == 0:
        return f"on {_long_date(published - timedelta(days=rng.randrange(1, 900)), rng)}", "past"
    if kind == 1:
        return "yesterday", "past"
    if kind == 2:
        return f"on {WEEKDAYS[rng.randrange(7)]}", rng.choice(["past", "future"])
    if kind == 3:
        return f"in {MONTHS[rng.randrange(12)]}", rng.choice(["past", "future"])
    if kind == 4:
        return f"{rng.choice(NUMBER_WORDS)} years ago", "past"
    if kind == 5:
        return f"in {published.year - rng.randrange(1, 15)}", "past"
    if kind == 6:
        return rng.choice(["last week", "last month", "last year", "earlier this year"]), "past"
    if kind == 7:
        return rng.choice(["next week", "next month", "next year", "later this year"]), "future"
    if kind == 8:
        return f"in the {rng.choice(['first', 'second', 'third', 'fourth'])} quarter", "past"
    if kind == 9:
        return f"last {rng.choice(['spring', 'summer', 'autumn', 'winter'])}", "past"
    if kind == 10:
        return f"on {MONTHS[rng.randrange(12)]} {rng.randrange(1, 29)}", rng.choice(["past", "future"])
    if kind == 11:
        return f"{WEEKDAYS[rng.randrange(7)]} morning", "past"
    if kind == 12:
        return f"at {rng.randrange(1, 12)}:{rng.choice(['00', '15', '30', '45'])} p.m. on " \
               f"{WEEKDAYS[rng.randrange(7)]}", "past"
    if kind == 13:
        return "tomorrow", "future"
    if kind == 14:
        return f"in early {published.year - rng.randrange(0, 4)}", "past"
    return f"in the {rng.choice(['1990s', '1980s', '2000s'])}", "past"


def _cap(phrase: str) -> str:
    return phrase[0].upper() + phrase[1:]


def _dated_sentence(published: date, rng: random.Random) -> str:
    phrase, tense = _time_phrase(published, rng)
    who = rng.choice(AGENCIES + PEOPLE)
    what = rng.choice(TOPICS)
    town = rng.choice(TOWNS)
    if tense == "past":
        verb = rng.choice(VERBS_PAST)
        forms = [
            f"{_cap(who)} {verb} {what} in {town} {phrase}.",
            f"{phrase[0].upper() + phrase[1:]}, {who} {verb} the plan for {what}.",
            f"Residents of {town} said {who} had {verb} {what} {phrase}.",
        ]
    else:
        verb = rng.choice(VERBS_FUTURE)
        forms = [
            f"{_cap(who)} {verb} {what} {phrase}.",
            f"Officials in {town} said {who} {verb} the budget for {what} {phrase}.",
        ]
    return rng.choice(forms)


def _undated_sentence(rng: random.Random) -> str:
    forms = [
        f"About {rng.randrange(20, 900)} people attended the meeting in {rng.choice(TOWNS)}.",
        f"The project covers {rng.randrange(3, 180)} kilometres of {rng.choice(REGIONS)}.",
        f"{rng.choice(PEOPLE)} declined to comment on {rng.choice(TOPICS)}.",
        f"Critics say {rng.choice(TOPICS)} has cost more than {rng.randrange(2, 95)} million.",
        f"The vote passed {rng.randrange(30, 60)}-{rng.randrange(5, 29)} after a long debate.",
        f"Local businesses in {rng.choice(TOWNS)} have asked for compensation.",
        f"Nearly {rng.randrange(100, 4000)} households remain without a permanent connection.",
        f"The report runs to {rng.randrange(40, 400)} pages and includes {rng.randrange(5, 60)} recommendations.",
    ]
    return rng.choice(forms)


def _story_sentence(story: int, seed: int) -> tuple[date, str]:
    """A recurring event, retold by several articles (so merging has work to do)."""
    rng = random.Random(f"story-{seed}-{story}")
    day = FIRST_DAY + timedelta(days=rng.randrange(SPAN_DAYS))
    text = (f"{_cap(rng.choice(AGENCIES))} {rng.choice(VERBS_PAST)} "
            f"{rng.choice(TOPICS)} in {rng.choice(TOWNS)} on {MONTHS[day.month - 1]} "
            f"{day.day}, {day.year}.")
    return day, text


def article(index: int, seed: int = 0, stories: int = 500) -> tuple[str, str]:
    """``(relative path, file content)`` of article ``index``."""
    rng = random.Random(f"{seed}-{index}")
    story_day, story_text = _story_sentence(rng.randrange(stories), seed)
    published = story_day + timedelta(days=rng.randrange(0, 40))
    town = rng.choice(TOWNS)
    topic = rng.choice(TOPICS)
    title = f"{town}: update on {topic}"
    sentences = [story_text]
    for _ in range(rng.randrange(8, 14)):
        if rng.random() < 0.7:
            sentences.append(_dated_sentence(published, rng))
        else:
            sentences.append(_undated_sentence(rng))
    rng.shuffle(sentences)
    paragraphs = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    dateline = f"{town.upper()} ({rng.choice(OUTLETS)}) -"
    paragraphs[0] = f"{dateline} {paragraphs[0]}"
    outlet = rng.choice(OUTLETS)
    tags = sorted(set(rng.sample(TAGS, rng.randrange(1, 3))))
    kind = rng.random()
    stem = f"report-{index:06d}"
    if kind < 0.7:
        front = (f"---\ntitle: \"{title}\"\ndate: {published.isoformat()}\n"
                 f"source: {outlet}\ntags: [{', '.join(tags)}]\n---\n\n")
        body = f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n"
        return f"{published.year}/{published.month:02d}/{stem}.md", front + body
    if kind < 0.9:
        body = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
        return f"{published.year}/{published.isoformat()}/{stem}.txt", body
    body_html = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page = (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)} | {html.escape(outlet)}</title>\n"
        f"<meta property=\"article:published_time\" content=\"{published.isoformat()}T08:00:00Z\">\n"
        f"<meta property=\"og:site_name\" content=\"{html.escape(outlet)}\">\n"
        "</head><body>\n<nav><a href=\"/\">Home</a> | <a href=\"/news\">News</a></nav>\n"
        f"<article><h1>{html.escape(title)}</h1>\n{body_html}\n</article>\n"
        "<footer>Copyright the publisher. All rights reserved.</footer>\n</body></html>\n"
    )
    return f"{published.year}/{published.month:02d}/{stem}.html", page


def generate_corpus(directory: Path, docs: int, seed: int = 0) -> list[Path]:
    """Write ``docs`` articles under ``directory`` (created); returns their paths."""
    directory = Path(directory)
    paths = []
    stories = max(10, docs // 20)
    for index in range(docs):
        relative, content = article(index, seed, stories)
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        paths.append(path)
    return paths


def edit_article(path: Path, revision: int = 1) -> None:
    """Change one article the way an editor would: a correction appended to it."""
    text = path.read_text(encoding="utf-8")
    addition = (f"\n\nCorrection ({revision}): an earlier version of this report misstated "
                f"the date of the council vote, which took place on March {revision % 27 + 1}, 2016.\n")
    if text.rstrip().endswith("</html>"):
        text = text.replace("</article>", f"<p>{addition.strip()}</p>\n</article>")
    else:
        text = text.rstrip("\n") + addition
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paths = generate_corpus(args.output, args.docs, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} articles ({size / 1e6:.1f} MB) under {args.output}")


if __name__ == "__main__":
    main()
