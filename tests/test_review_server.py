"""Review mode: explanations beside events, controls that write the corrections file, and
cross-site protection (Host, Origin/Referer, Sec-Fetch-Site, session token)."""

from __future__ import annotations

import http.client
import json
import re
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import pytest

from timeline.editorial.corrections import load_corrections
from timeline.editorial.review import make_server
from timeline.events.model import Event, SourceRef


def ev(eid: str, day: str, text: str, expression: str, explanation: dict) -> Event:
    d = date.fromisoformat(day)
    start = text.index(expression)
    return Event(id=eid, date=day, type="DATE", granularity="day", start=d, end=d, text=text,
                 highlight=(start, start + len(expression)), expression=expression,
                 sources=(SourceRef(document="a.md", title="Strikes", published="2017-09-24"),),
                 explanation=explanation)


EVENTS = [
    ev("aaaaaaaaaaaa", "2017-09-22", "The US struck camps on Friday <b>near</b> Sirte.", "Friday",
       {"rule": "weekday", "anchor": "2017-09-24", "anchor_kind": "publication", "tense": "past",
        "tense_cue": "struck", "direction": "back", "year_inferred": True}),
    ev("bbbbbbbbbbbb", "2016-12-06", "Forces recaptured the city on December 6, 2016.",
       "December 6, 2016", {"rule": "month_day_year", "anchor_kind": "none"}),
]


@pytest.fixture
def server(tmp_path: Path) -> Iterator:
    corrections = tmp_path / "timeline.corrections.yaml"
    corrections.write_text("# editor\nevents:\n  keepme000000: {hide: true}\n", encoding="utf-8")
    srv = make_server(lambda: list(EVENTS), corrections, port=0, title="Libya")
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def request(srv, method: str, path: str, body: bytes | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    port = srv.server_address[1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    all_headers = {"Host": f"127.0.0.1:{port}"}
    all_headers.update(headers or {})
    conn.request(method, path, body=body, headers=all_headers)
    response = conn.getresponse()
    data = response.read().decode("utf-8")
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data


def form(srv, fields: dict[str, str], **headers: str):
    return request(srv, "POST", "/correct", urlencode(fields).encode(),
                   {"Content-Type": "application/x-www-form-urlencoded", **headers})


def test_binds_loopback_only(server) -> None:
    assert server.server_address[0] == "127.0.0.1"


def test_page_shows_explanations_and_controls(server) -> None:
    status, headers, page = request(server, "GET", "/")
    assert status == 200
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "<mark>Friday</mark>" in page
    assert "&lt;b&gt;near&lt;/b&gt;" in page  # article text escaped
    assert "relative to the publication date (2017-09-24)" in page
    assert "absolute date (no anchor)" in page
    assert "weekday" in page and "past (struck)" in page and "back" in page
    assert "inferred" in page
    assert page.count('action="/correct"') >= 8  # hide, pin, re-date, headline x 2
    assert 'name="token" value="' + server.state.token + '"' in page
    assert "keepme000000" in page  # the vanished correction is reported as a warning


def test_forms_write_the_corrections_file_keeping_other_entries(server) -> None:
    token = server.state.token
    status, headers, _ = form(server, {"token": token, "id": "aaaaaaaaaaaa", "action": "hide"})
    assert status == 303 and headers["location"].endswith("#ev-aaaaaaaaaaaa")
    status, _, _ = form(server, {"token": token, "id": "bbbbbbbbbbbb", "action": "pin"})
    assert status == 303
    status, _, _ = form(server, {"token": token, "id": "bbbbbbbbbbbb", "action": "headline",
                                 "headline": "City retaken"})
    assert status == 303
    corrections = load_corrections(server.state.corrections_path)
    assert corrections.events["aaaaaaaaaaaa"].hide
    assert corrections.events["bbbbbbbbbbbb"].pin
    assert corrections.events["bbbbbbbbbbbb"].headline == "City retaken"
    assert corrections.events["keepme000000"].hide  # other entries preserved
    _, _, page = request(server, "GET", "/")
    assert re.search(r'id="ev-aaaaaaaaaaaa"[^>]*>', page)
    assert "is-hidden" in page and "City retaken" in page
    # undo
    form(server, {"token": token, "id": "aaaaaaaaaaaa", "action": "unhide"})
    assert "aaaaaaaaaaaa" not in load_corrections(server.state.corrections_path).events


def test_redate_validates_the_date(server) -> None:
    token = server.state.token
    status, _, body = form(server, {"token": token, "id": "aaaaaaaaaaaa", "action": "redate",
                                    "date": "not a date at all"})
    assert status == 400 and "cannot read" in body
    status, _, _ = form(server, {"token": token, "id": "aaaaaaaaaaaa", "action": "redate",
                                 "date": "2017-09-21", "note": "Pentagon says Thursday"})
    assert status == 303
    fix = load_corrections(server.state.corrections_path).events["aaaaaaaaaaaa"]
    assert (fix.date, fix.note) == ("2017-09-21", "Pentagon says Thursday")


def test_json_clients(server) -> None:
    token = server.state.token
    body = json.dumps({"id": "bbbbbbbbbbbb", "action": "pin"}).encode()
    status, _, data = request(server, "POST", "/correct", body,
                              {"Content-Type": "application/json", "X-Review-Token": token})
    assert status == 200 and json.loads(data)["ok"] is True
    status, _, data = request(server, "POST", "/correct",
                              json.dumps({"token": token, "id": "nope", "action": "pin"}).encode(),
                              {"Content-Type": "application/json"})
    assert status == 404 and json.loads(data)["ok"] is False


@pytest.mark.parametrize("headers", [
    {},  # no token at all (below)
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Referer": "https://evil.example/page"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},
    {"Host": "evil.example"},
])
def test_cross_site_requests_are_rejected(server, headers: dict[str, str]) -> None:
    fields = {"id": "aaaaaaaaaaaa", "action": "hide"}
    if headers:
        fields["token"] = server.state.token  # even with the right token
    before = server.state.corrections_path.read_bytes()
    status, _, _ = form(server, fields, **headers)
    assert status == 403
    assert server.state.corrections_path.read_bytes() == before


def test_wrong_token_rejected_and_same_origin_accepted(server) -> None:
    port = server.server_address[1]
    status, _, _ = form(server, {"token": "x" * 43, "id": "aaaaaaaaaaaa", "action": "hide"})
    assert status == 403
    status, _, _ = form(server, {"token": server.state.token, "id": "aaaaaaaaaaaa",
                                 "action": "hide"},
                        Origin=f"http://127.0.0.1:{port}", **{"Sec-Fetch-Site": "same-origin"})
    assert status == 303


def test_get_with_foreign_host_rejected(server) -> None:
    status, _, _ = request(server, "GET", "/", headers={"Host": "attacker.example:80"})
    assert status == 403


def test_filters_and_redirect_keep_the_view(server) -> None:
    token = server.state.token
    status, headers, _ = form(server, {"token": token, "id": "aaaaaaaaaaaa", "action": "hide",
                                       "back": "show=hidden&q=struck&evil=1"})
    assert status == 303
    location = headers["location"]
    assert location.startswith("/?show=hidden&q=struck&done=") and "evil" not in location
    _, _, page = request(server, "GET", "/?show=hidden")
    assert 'id="ev-aaaaaaaaaaaa"' in page and 'id="ev-bbbbbbbbbbbb"' not in page
    _, _, page = request(server, "GET", "/?show=visible")
    assert 'id="ev-aaaaaaaaaaaa"' not in page and 'id="ev-bbbbbbbbbbbb"' in page
    _, _, page = request(server, "GET", "/?q=RECAPTURED")
    assert 'id="ev-aaaaaaaaaaaa"' not in page and 'id="ev-bbbbbbbbbbbb"' in page
    _, _, page = request(server, "GET", "/?show=corrected")
    assert 'id="ev-aaaaaaaaaaaa"' in page and 'id="ev-bbbbbbbbbbbb"' not in page
    _, _, page = request(server, "GET", "/?show=%3Cscript%3E&q=%3Cscript%3E")
    assert "<script>" not in page  # unknown filter falls back; the query is escaped


def test_long_timelines_are_paged(server, monkeypatch) -> None:
    import timeline.editorial.review as review

    monkeypatch.setattr(review, "PAGE_SIZE", 1)
    _, _, first = request(server, "GET", "/")
    assert "page 1 of 2" in first and 'rel="next"' in first and 'rel="prev"' not in first
    assert first.count('class="tl-review-event') == 1
    _, _, second = request(server, "GET", "/?page=2")
    assert 'rel="prev"' in second and 'id="ev-bbbbbbbbbbbb"' not in second
    _, _, clamped = request(server, "GET", "/?page=99")
    assert "page 2 of 2" in clamped
