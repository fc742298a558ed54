"""timeline.toml: lookup, validation, one-line errors with the line number."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from timeline.config import find_config, load_config
from timeline.errors import InputError


def test_values_and_paths_relative_to_the_file(tmp_path: Path):
    cfg = tmp_path / "timeline.toml"
    cfg.write_text(
        'title = "Bridge"\npublished = 2024-07-01\nfrom = "2024-01-01"\n'
        'templates = "tpl"\nsources = ["articles"]\ntags = "bridge"\nkey_dates = 5\n'
        'group_by = "year"\n')
    values = load_config(cfg)
    assert values["title"] == "Bridge"
    assert values["published"] == date(2024, 7, 1)
    assert values["date_from"] == date(2024, 1, 1)
    assert values["templates"] == tmp_path / "tpl"
    assert values["sources"] == (tmp_path / "articles",)
    assert values["tags"] == ("bridge",)
    assert values["key_dates"] == 5 and values["group_by"] == "year"


def test_invalid_toml_names_file_and_line(tmp_path: Path):
    cfg = tmp_path / "timeline.toml"
    cfg.write_text('title = "ok"\n\ngroup_by = auto\n')
    with pytest.raises(InputError, match=r"timeline\.toml:3: invalid TOML") as err:
        load_config(cfg)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("text,message", [
    ('titel = "x"\n', r":1: unknown setting 'titel'"),
    ('\ngroup_by = "month"\n', r":2: group_by must be one of auto, year, none"),
    ('published = "yesterday"\n', r"published must be a date"),
    ("key_dates = -3\n", r"key_dates must be a positive whole number"),
    ("title = 3\n", r"title must be a string"),
])
def test_bad_values(tmp_path: Path, text: str, message: str):
    cfg = tmp_path / "timeline.toml"
    cfg.write_text(text)
    with pytest.raises(InputError, match=message):
        load_config(cfg)


def test_lookup_order(tmp_path: Path):
    src = tmp_path / "articles"
    src.mkdir()
    beside = src / "timeline.toml"
    beside.write_text('title = "beside"\n')
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    assert find_config([src], cwd=elsewhere) == beside
    (elsewhere / "timeline.toml").write_text('title = "cwd"\n')
    assert find_config([src], cwd=elsewhere) == elsewhere / "timeline.toml"
    explicit = tmp_path / "other.toml"
    explicit.write_text("")
    assert find_config([src], explicit, cwd=elsewhere) == explicit
    with pytest.raises(InputError, match="config file not found"):
        find_config([src], tmp_path / "nope.toml")
    assert find_config([tmp_path / "cwd"], cwd=tmp_path / "articles" / "..") is not None
