"""Sharded events (timeline extract -o), the Dask engine, and timeline build --events."""

from __future__ import annotations

import json
import sys

import pytest
from scale_support import extract, tree_bytes, write_corpus

from timeline.cli import main
from timeline.errors import InputError
from timeline.pipeline import BuildOptions, BuildReport
from timeline.scale.shard_extract import ShardOptions, extract_to_shards
from timeline.scale.shards import MANIFEST, iter_shard_events, read_manifest


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    src = tmp_path_factory.mktemp("shards") / "src"
    write_corpus(src, 45)
    (src / "2016-02-03").mkdir()
    (src / "2016-02-03" / "notes.txt").write_text("Nothing dated in here.\n", encoding="utf-8")
    return src


def _shards(src, out, **kw):
    jobs = kw.pop("jobs", 2)
    options = BuildOptions(sources=(src,), jobs=jobs, published=kw.pop("published", None))
    report = BuildReport()
    manifest = extract_to_shards(options, ShardOptions(output=out, **kw), report)
    return manifest, report


def test_local_shards_hold_every_documents_events(corpus, tmp_path):
    manifest, report = _shards(corpus, tmp_path / "ev", shard_size=10, published=None)
    expected, _ = extract(corpus, jobs=1)
    events = [e.to_dict() for e in iter_shard_events(tmp_path / "ev")]
    assert events == expected
    assert manifest["files"] == 46 and manifest["documents"] == 46
    assert manifest["events"] == len(expected)
    assert [s["file"] for s in manifest["shards"]] == [f"part-{i:05d}.jsonl" for i in range(5)]
    assert [s["files"] for s in manifest["shards"]] == [10, 10, 10, 10, 6]
    assert manifest["tagger_version"] and manifest["extraction_version"]
    assert manifest == read_manifest(tmp_path / "ev")
    assert report.documents == 46  # notes.txt: a document without events


def test_jobs_do_not_change_the_shards(corpus, tmp_path):
    _shards(corpus, tmp_path / "one", shard_size=7, jobs=1, published=None)
    _shards(corpus, tmp_path / "two", shard_size=7, jobs=2, published=None)
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")


def test_parquet_shards_round_trip_like_jsonl(corpus, tmp_path):
    pytest.importorskip("pyarrow")
    _shards(corpus, tmp_path / "j", shard_size=20)
    manifest, _ = _shards(corpus, tmp_path / "p", shard_size=20, shard_format="parquet")
    assert manifest["shards"][0]["file"].endswith(".parquet")
    assert list(iter_shard_events(tmp_path / "p")) == list(iter_shard_events(tmp_path / "j"))
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "p" / "part-00000.parquet")
    assert {"id", "date", "start", "end", "text", "document", "event"} <= set(table.column_names)
    _shards(corpus, tmp_path / "p2", shard_size=20, shard_format="parquet")
    assert tree_bytes(tmp_path / "p") == tree_bytes(tmp_path / "p2")  # deterministic


@pytest.mark.slow
def test_dask_local_cluster_writes_the_same_shards(corpus, tmp_path):
    pytest.importorskip("distributed")
    _shards(corpus, tmp_path / "local", shard_size=8)
    manifest, report = _shards(corpus, tmp_path / "dask", shard_size=8, engine="dask",
                               dask_workers=3, dask_processes=False)
    assert manifest["documents"] == 46
    assert report.documents == 46
    assert tree_bytes(tmp_path / "dask") == tree_bytes(tmp_path / "local")


@pytest.mark.slow
def test_dask_engine_reports_undated_files_and_writes_nothing(corpus, tmp_path):
    pytest.importorskip("distributed")
    src = tmp_path / "src"
    write_corpus(src, 5)
    (src / "undated.md").write_text("The vote was on 3 March 2016.\n", encoding="utf-8")
    with pytest.raises(InputError, match="undated.md"):
        _shards(src, tmp_path / "ev", shard_size=2, engine="dask", dask_workers=2,
                dask_processes=False)
    assert not (tmp_path / "ev").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["src"]  # no staging folder left


def test_missing_dask_gives_one_clear_line(monkeypatch):
    from timeline.scale.dask_engine import require_dask

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(InputError, match=r"pip install 'timeline\[dask\]'"):
        require_dask()


def test_build_from_events_equals_build_from_sources(corpus, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["extract", str(corpus), "-o", "events", "--shard-size", "9"]) == 0
    assert "wrote events (6 jsonl shards): 46 documents" in capsys.readouterr().err
    assert main(["build", "--events", "events", "--format", "json", "-o", "a.json", "-q"]) == 0
    assert main(["build", str(corpus), "--format", "json", "-o", "b.json", "-q",
                 "--no-cache"]) == 0
    a = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    b = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert a["events"] and a["events"] == b["events"]
    assert main(["build", "--events", "events", "-o", "site", "-q"]) == 0
    assert (tmp_path / "site" / "index.html").is_file()
    capsys.readouterr()
    assert main(["build", str(corpus), "--events", "events", "-q"]) == 2
    assert "not both" in capsys.readouterr().err
    assert main(["build", "--events", "nowhere", "-q"]) == 2
    assert "nowhere" in capsys.readouterr().err


def test_extract_cli_flag_checks(corpus, tmp_path, capsys):
    assert main(["extract", str(corpus), "--engine", "dask"]) == 2
    assert "-o DIR" in capsys.readouterr().err


@pytest.mark.parametrize("damage", ["truncate", "delete", "manifest", "garbage-line"])
def test_damaged_shard_folder_is_an_error_not_a_smaller_timeline(corpus, tmp_path, damage):
    out = tmp_path / "ev"
    _shards(corpus, out, shard_size=20)
    shard = out / "part-00001.jsonl"
    if damage == "truncate":
        lines = shard.read_text(encoding="utf-8").splitlines(keepends=True)
        shard.write_text("".join(lines[:-2]), encoding="utf-8")
    elif damage == "delete":
        shard.unlink()
    elif damage == "manifest":
        (out / MANIFEST).write_text("{not json", encoding="utf-8")
    else:
        with shard.open("a", encoding="utf-8") as handle:
            handle.write('{"id": "x"}\n')
    with pytest.raises(InputError) as info:
        list(iter_shard_events(out))
    message = str(info.value)
    assert "\n" not in message
    assert ("part-00001.jsonl" in message) or (MANIFEST in message)


def test_existing_shard_folder_is_replaced_atomically(corpus, tmp_path):
    out = tmp_path / "ev"
    _shards(corpus, out, shard_size=5)
    _shards(corpus, out, shard_size=50)
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "part-00000.jsonl"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ev"]


def test_refuses_to_replace_a_folder_that_is_not_a_shard_folder(corpus, tmp_path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.md").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not empty"):
        _shards(corpus, out)
    assert (out / "thesis.md").read_text(encoding="utf-8") == "mine"
