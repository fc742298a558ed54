"""The timeline as readers get it, in headless Chromium: the standalone site, fragments
inside a foreign page with aggressive CSS, and MkDocs pages (Material and the default
theme). Each loads without console errors, shows every event, keeps its layout at phone
and desktop widths, filters with JavaScript, has everything without it, and passes
axe-core with no serious or critical violation. Screenshots go to test-artifacts/browser/.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

PAGES = ("site", "fragment", "mkdocs-material", "mkdocs-default")
WIDTHS = (375, 1280)  # a phone and a desktop


def open_page(browser, url: str, *, width: int = 1280, javascript: bool = True,
              color_scheme: str = "light"):
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  java_script_enabled=javascript, color_scheme=color_scheme)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}")
            if r.status >= 400 else None)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    return context, page, problems


LAYOUT = """() => {
  const width = window.innerWidth;
  const events = [...document.querySelectorAll('.tl-timeline [data-tl-event]')];
  const bad = [];
  for (const el of events) {
    const r = el.getBoundingClientRect();
    if (r.width < 40 || r.height < 10) bad.push(el.id + ' collapsed ' + r.width + 'x' + r.height);
    if (r.left < -1 || r.right > width + 1) bad.push(el.id + ' outside ' + r.left + '..' + r.right);
    if (el.scrollWidth > el.clientWidth + 1) bad.push(el.id + ' text overflows its card');
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') bad.push(el.id + ' hidden');
    const date = el.querySelector('time');
    if (!date || getComputedStyle(date).display === 'none') bad.push(el.id + ' date hidden');
  }
  return {
    count: events.length,
    scrollWidth: document.documentElement.scrollWidth,
    width,
    bad,
  };
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGES)
def test_loads_clean_shows_every_event_and_keeps_layout(browser, served, artifacts, kind,
                                                        width):
    url, expected = served["pages"][kind]
    context, page, problems = open_page(browser, url, width=width)
    try:
        page.screenshot(path=str(artifacts / f"{kind}-{width}.png"), full_page=True)
        layout = page.evaluate(LAYOUT)
        assert problems == []
        assert layout["count"] == expected
        assert layout["scrollWidth"] <= layout["width"] + 1, "horizontal overflow"
        assert layout["bad"] == []
        ids = page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)")
        assert [i for i, n in Counter(ids).items() if n > 1] == []
    finally:
        context.close()


@pytest.mark.parametrize("kind", PAGES)
def test_everything_is_there_without_javascript(browser, served, artifacts, kind):
    url, expected = served["pages"][kind]
    context, page, problems = open_page(browser, url, width=375, javascript=False)
    try:
        page.screenshot(path=str(artifacts / f"{kind}-nojs-375.png"), full_page=True)
        assert page.locator(".tl-timeline [data-tl-event]:visible").count() == expected
        # The search form needs the script: without it, it stays out of the way.
        assert page.locator(".tl-timeline [data-tl-controls]:visible").count() == 0
        texts = page.locator(".tl-timeline .tl-text").all_inner_texts()
        for event in served["events"][:5]:
            assert " ".join(event["text"].split()) in [" ".join(t.split()) for t in texts]
        assert problems == []
    finally:
        context.close()


@pytest.mark.parametrize("kind", PAGES)
def test_search_and_filters_work_with_javascript(browser, served, artifacts, kind):
    url, _ = served["pages"][kind]
    context, page, problems = open_page(browser, url)
    try:
        root = page.locator(".tl-timeline:has([data-tl-controls])").first
        form = root.locator("[data-tl-controls]")
        assert form.is_visible()
        events = root.locator("[data-tl-event]")
        total = events.count()
        texts = [t.lower() for t in events.all_text_contents()]
        word = pick_word(texts)
        form.locator("[data-tl-q]").fill(word)
        matching = sum(1 for t in texts if word in t)
        assert 0 < matching < total
        assert root.locator("[data-tl-event]:visible").count() == matching
        assert f"{matching} of {total}" in form.locator("[data-tl-count]").inner_text()
        page.screenshot(path=str(artifacts / f"{kind}-search.png"), full_page=False)
        form.locator("[data-tl-q]").fill("")
        assert root.locator("[data-tl-event]:visible").count() == total

        tag, _count = served["tagged"]
        form.locator("[data-tl-tag]").select_option(tag)
        tagged = [tags for tags in events.evaluate_all(
            "els => els.map(e => [...e.querySelectorAll('.tl-tags li')].map(li => li.textContent))")
            if tag in tags]
        assert root.locator("[data-tl-event]:visible").count() == len(tagged) > 0
        form.locator("[data-tl-tag]").select_option("")

        years = root.locator("[data-tl-year] option").evaluate_all(
            "os => os.map(o => o.value).filter(Boolean)")
        if years:
            form.locator("select[data-tl-year]").select_option(years[0])
            in_year = root.locator(f"section[data-tl-year='{years[0]}'] [data-tl-event]").count()
            assert root.locator("[data-tl-event]:visible").count() == in_year > 0
        assert problems == []
    finally:
        context.close()


def pick_word(texts: list[str]) -> str:
    """A word found in some events but not all (deterministic: the longest, then first)."""
    counts = Counter(w for t in texts for w in set(re.findall(r"[a-z]{5,}", t)))
    candidates = [w for w, n in counts.items() if 0 < n < len(texts)]
    return sorted(candidates, key=lambda w: (-len(w), w))[0]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_no_serious_violation(browser, served, axe_source, artifacts, kind, scheme):
    url, _ = served["pages"][kind]
    context, page, problems = open_page(browser, url, color_scheme=scheme)
    try:
        if scheme == "dark":
            page.screenshot(path=str(artifacts / f"{kind}-dark-1280.png"), full_page=True)
        page.add_script_tag(content=axe_source)
        # Our own pages are checked whole; in an MkDocs theme, the timeline is ours and the
        # theme's chrome is not (Material's search dialog has no name, for one).
        context_selector = ".tl-timeline" if kind.startswith("mkdocs") else None
        violations = page.evaluate("""async (selector) => {
          const where = selector ? {include: [[selector]]} : document;
          const result = await axe.run(where, {resultTypes: ['violations']});
          return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary),
          }));
        }""", context_selector)
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert serious == [], "\n".join(
            f"{v['impact']} {v['id']}: {v['help']}\n  " + "\n  ".join(v["nodes"])
            for v in serious)
        assert problems == []
    finally:
        context.close()


def test_fragment_resists_the_host_css_and_does_not_leak(browser, served):
    url, _ = served["pages"]["fragment"]
    context, page, problems = open_page(browser, url, width=1280)
    try:
        inside = page.evaluate("""() => {
          const root = document.querySelector('.tl-fragment');
          const li = root.querySelector('[data-tl-event]');
          const ol = root.querySelector('.tl-events');
          const mark = root.querySelector('mark');
          const heading = root.querySelector('.tl-year-heading');
          const cs = el => getComputedStyle(el);
          return {
            liFloat: cs(li).float, liBorder: cs(li).borderTopStyle + " " + cs(li).borderTopWidth,
            listStyle: cs(ol).listStyleType, olMarginTop: cs(ol).marginTop,
            markBg: cs(mark).backgroundColor, markColor: cs(mark).color,
            headingTransform: cs(heading).textTransform,
            headingSpacing: cs(heading).letterSpacing,
            rootLeft: cs(root).left, rootPosition: cs(root).position,
            textIndent: cs(root.querySelector('.tl-text')).textIndent,
          };
        }""")
        # the card's own 1px solid border, not the host's 3px dashed one
        assert inside["liFloat"] == "none" and inside["liBorder"] == "solid 1px"
        assert inside["listStyle"] == "none" and inside["olMarginTop"] == "0px"
        assert inside["markBg"] != inside["markColor"]
        assert inside["headingTransform"] == "none" and inside["headingSpacing"] == "normal"
        assert inside["rootPosition"] == "static"
        assert inside["textIndent"] == "0px"
        outside = page.evaluate("""() => {
          const cs = el => getComputedStyle(el);
          return {
            note: cs(document.querySelector('.host-note')).marginTop,
            indent: cs(document.querySelector('.host-note')).textIndent,
            heading: cs(document.querySelector('.host-heading')).textTransform,
            body: cs(document.body).fontFamily,
          };
        }""")
        # The host keeps its own look: the fragment's styles stay inside the fragment.
        assert outside == {"note": "40px", "indent": "76px", "heading": "uppercase",
                           "body": "Georgia, serif"}
        assert problems == []
    finally:
        context.close()


def test_material_instant_navigation_sets_the_filters_up_again(browser, served):
    url, expected = served["pages"]["mkdocs-material"]
    about = url.replace("index.html", "about/")
    context, page, problems = open_page(browser, about)
    try:
        assert page.locator(".tl-timeline").count() == 0
        page.evaluate("() => { window.tlSamePage = true; }")
        page.locator("a.md-nav__link:visible", has_text="The bridge story").first.click()
        page.wait_for_selector(".tl-timeline [data-tl-event]")
        # The page came in through Material's XHR navigation: the window survived.
        assert page.evaluate("() => window.tlSamePage === true")
        assert page.evaluate("() => location.pathname").endswith("/mkdocs-material/")
        form = page.locator(".tl-timeline [data-tl-controls]")
        form.wait_for(state="visible")
        form.locator("[data-tl-q]").fill("zzzz-no-such-word")
        assert page.locator(".tl-timeline [data-tl-event]:visible").count() == 0
        form.locator("[data-tl-q]").fill("")
        assert page.locator(".tl-timeline [data-tl-event]:visible").count() == expected
        assert problems == []
    finally:
        context.close()


@pytest.mark.parametrize("kind", ["site", "fragment"])
def test_printing_shows_every_event_even_when_filtered(browser, served, artifacts, kind):
    url, expected = served["pages"][kind]
    context, page, problems = open_page(browser, url)
    try:
        root = page.locator(".tl-timeline:has([data-tl-controls])").first
        root.locator("[data-tl-q]").fill("zzzz-no-such-word")
        assert root.locator("[data-tl-event]:visible").count() == 0
        page.emulate_media(media="print")
        assert page.locator(".tl-timeline [data-tl-event]:visible").count() == expected
        assert page.locator(".tl-timeline [data-tl-controls]:visible").count() == 0
        if kind == "site":
            page.pdf(path=str(artifacts / "site-print.pdf"))
        assert problems == []
    finally:
        context.close()
