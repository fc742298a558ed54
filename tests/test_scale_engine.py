"""Parallel extraction: same events whatever --jobs is, in order, streamed, with progress."""

from __future__ import annotations

import pytest
from scale_support import extract, tree_bytes, write_article, write_corpus

from timeline.cli import main
from timeline.errors import InputError
from timeline.pipeline import BuildOptions, BuildReport
from timeline.scale.engine import extract_all, extract_sources
from timeline.scale.pool import default_jobs, ordered_map, resolve_jobs
from timeline.scale.progress import ExtractionProgress, format_progress


def _square(x: int) -> int:
    return x * x


def test_ordered_map_keeps_input_order_with_a_small_window():
    out = list(ordered_map(_square, range(500), 2, chunk_size=3, window=2))
    assert out == [x * x for x in range(500)]


def test_ordered_map_consumes_input_lazily():
    pulled = []

    def items():
        for i in range(10_000):
            pulled.append(i)
            yield i

    results = ordered_map(_square, items(), 2, chunk_size=4, window=3)
    first = [next(results) for _ in range(5)]
    assert first == [0, 1, 4, 9, 16]
    # bounded look-ahead: only a few chunks were taken from the input
    assert len(pulled) <= 4 * 3 + 4 * 2
    results.close()


def test_jobs_resolution():
    assert default_jobs() >= 1
    assert resolve_jobs(None) == default_jobs()
    assert resolve_jobs(3) == 3
    with pytest.raises(Exception, match="positive"):
        resolve_jobs(-1)


def test_parallel_extraction_equals_serial(tmp_path):
    write_corpus(tmp_path / "src", 60)
    serial, r1 = extract(tmp_path / "src", jobs=1)
    parallel, r2 = extract(tmp_path / "src", jobs=2)
    assert serial  # the corpus has dated sentences
    assert parallel == serial  # same events, same order, explanations included
    assert r1.documents == r2.documents == 60


def test_documents_already_read_go_through_the_same_engine(tmp_path):
    from timeline.ingest import iter_documents

    write_corpus(tmp_path / "src", 30)
    by_path, _ = extract(tmp_path / "src", jobs=2)
    documents = list(iter_documents([tmp_path / "src"]))
    report = BuildReport()
    from_docs = [e.to_dict() for doc in extract_all(documents, BuildOptions(jobs=2), report)
                 for e in doc]
    assert from_docs == by_path
    assert report.documents == 30


def test_progress_callback_reports_rate_events_and_completion(tmp_path):
    write_corpus(tmp_path / "src", 30)
    seen: list[ExtractionProgress] = []
    options = BuildOptions(sources=(tmp_path / "src",), jobs=2)
    events = [e for doc in extract_sources(options, BuildReport(), progress=seen.append)
              for e in doc]
    assert seen, "progress callback never called"
    last = seen[-1]
    assert last.finished and last.done == last.total == 30
    assert last.events == len(events)
    assert [p.done for p in seen] == sorted(p.done for p in seen)
    assert last.rate > 0
    assert "30/30 docs" in format_progress(last)


def test_undated_and_unreadable_files_are_reported_after_the_others(tmp_path):
    src = tmp_path / "src"
    write_corpus(src, 30)
    (src / "undated.md").write_text("The council met on March 3, 2016.\n", encoding="utf-8")
    (src / "broken.txt").write_bytes(b"\xff\xfe\x00garbage 2016-01-01")
    report = BuildReport()
    options = BuildOptions(sources=(src,), jobs=2)
    produced = []
    with pytest.raises(InputError, match="undated.md") as info:
        for doc in extract_sources(options, report):
            produced.append(doc)
    assert "\n" not in str(info.value)
    assert report.documents == 30  # every dated document went through first
    assert any("broken.txt" in w for w in report.warnings)


def test_build_output_is_identical_for_any_number_of_jobs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_corpus(tmp_path / "src", 40)
    write_article(tmp_path / "src", 99, extra="The vote was held on 4 May 2016.")
    assert main(["build", "src", "-o", "one", "-j", "1", "--no-cache", "-q"]) == 0
    assert main(["build", "src", "-o", "two", "-j", "2", "--no-cache", "-q"]) == 0
    assert main(["build", "src", "-o", "json1.json", "--format", "json", "-j", "1",
                 "--no-cache", "-q"]) == 0
    assert main(["build", "src", "-o", "json2.json", "--format", "json", "-j", "2",
                 "--no-cache", "-q"]) == 0
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")
    assert (tmp_path / "json1.json").read_bytes() == (tmp_path / "json2.json").read_bytes()
    assert not (tmp_path / ".timeline-cache").exists()  # --no-cache wrote nothing


def test_rich_progress_display_renders_rate_events_and_eta():
    import io

    from timeline.scale.progress import RichProgress

    stream = io.StringIO()
    with RichProgress("Reading", stream=stream, enabled=True) as display:
        display(ExtractionProgress(done=50, total=200, events=321, cached=7, elapsed=2.0))
        display(ExtractionProgress(done=200, total=200, events=900, cached=7, elapsed=4.0,
                                   finished=True))
    assert display.enabled
    snapshot = ExtractionProgress(done=50, total=200, events=321, cached=7, elapsed=2.0)
    assert snapshot.rate == 25.0 and snapshot.eta == 6.0
    assert format_progress(snapshot) == "50/200 docs  25 docs/s  321 events  7 cached  ETA 0:06"


def test_rich_progress_is_silent_off_a_terminal():
    import io

    from timeline.scale.progress import RichProgress

    stream = io.StringIO()
    with RichProgress("Reading", stream=stream) as display:
        display(ExtractionProgress(done=1, total=2, events=3, cached=0, elapsed=1.0))
    assert not display.enabled and stream.getvalue() == ""
