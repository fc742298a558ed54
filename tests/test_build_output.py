"""write_output: atomic writes, output paths, refusal to clobber unrelated folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from render_helpers import sample_events

from timeline.errors import InputError
from timeline.pipeline import BuildOptions
from timeline.render.output import output_path, write_output


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_failed_build_leaves_the_previous_site(tmp_path: Path):
    site = tmp_path / "site"
    write_output(sample_events(), BuildOptions(output=site, title="First"))
    before = _tree(site)
    assert "index.html" in before
    broken = tmp_path / "tpl"
    broken.mkdir()
    (broken / "event.html").write_text("{{ event.no_such_field }}\n")
    with pytest.raises(InputError):
        write_output(sample_events(), BuildOptions(output=site, title="Second", templates=broken))
    assert _tree(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "tpl"]  # no temp leftovers


def test_rebuild_replaces_the_whole_site(tmp_path: Path):
    site = tmp_path / "site"
    events = sample_events()
    write_output(events, BuildOptions(output=site, group_by="year"))
    assert (site / "1962" / "index.html").is_file()
    write_output(events[:1], BuildOptions(output=site, group_by="year"))
    assert not (site / "1962").exists()  # pages of vanished events do not linger
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_single_file_formats_and_default_paths(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for fmt, name in [("json", "timeline.json"), ("csv", "timeline.csv"),
                      ("ics", "timeline.ics"), ("markdown", "timeline.md"),
                      ("timelinejs", "timeline.timelinejs.json")]:
        options = BuildOptions(format=fmt)
        assert output_path(options) == Path(name)
        assert write_output(sample_events(), options) == Path(name)
        assert (tmp_path / name).stat().st_size > 0
    doc = json.loads((tmp_path / "timeline.json").read_text())
    assert len(doc["events"]) == len(sample_events())
    with pytest.raises(InputError, match="unknown format"):
        output_path(BuildOptions(format="pdf"))


def test_stdout_output(capsysbinary):
    write_output(sample_events(), BuildOptions(format="json", output=Path("-")))
    out = capsysbinary.readouterr().out
    assert json.loads(out)["version"] == 1
    with pytest.raises(InputError, match="folder"):
        write_output(sample_events(), BuildOptions(format="site", output=Path("-")))


def test_refuses_to_replace_an_unrelated_folder(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "notes.txt").write_text("precious")
    with pytest.raises(InputError, match="not a timeline site"):
        write_output(sample_events(), BuildOptions(output=docs))
    assert (docs / "notes.txt").read_text() == "precious"
    with pytest.raises(InputError, match="holds the sources"):
        write_output(sample_events(), BuildOptions(output=tmp_path, sources=(docs,)))


def test_file_target_that_is_a_folder(tmp_path: Path):
    with pytest.raises(InputError, match="is a folder"):
        write_output(sample_events(), BuildOptions(format="csv", output=tmp_path))


def test_output_is_deterministic(tmp_path: Path):
    for fmt in ("site", "json", "csv", "ics", "markdown", "timelinejs"):
        a, b = tmp_path / f"a-{fmt}", tmp_path / f"b-{fmt}"
        write_output(sample_events(), BuildOptions(format=fmt, output=a))
        write_output(list(reversed(sample_events())), BuildOptions(format=fmt, output=b))
        if fmt == "site":
            assert _tree(a) == _tree(b)
        else:
            assert a.read_bytes() == b.read_bytes()


def test_unwritable_output_is_one_line_error(tmp_path: Path):
    import os

    if os.geteuid() == 0:
        # root ignores permissions: use a path below a regular file instead
        blocker = tmp_path / "file"
        blocker.write_text("x")
        target = blocker / "site"
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        target = locked / "site"
    from timeline.errors import TimelineError

    with pytest.raises(TimelineError, match="cannot write"):
        write_output(sample_events(), BuildOptions(output=target))
    with pytest.raises(TimelineError, match="cannot write"):
        write_output(sample_events(), BuildOptions(format="json", output=target / "t.json"))
