"""A folder is replaced whole or not at all."""

import pytest

from assistant.retrieval.files import staged_folder

pytestmark = pytest.mark.unit


def _write(folder, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data.txt").write_text(text)


def test_a_finished_folder_replaces_the_old_one_and_leaves_nothing_behind(tmp_path):
    target = tmp_path / "index"
    _write(target, "old")
    with staged_folder(target) as staging:
        assert staging.parent == target.parent and staging != target
        (staging / "data.txt").write_text("new")
        assert (target / "data.txt").read_text() == "old"  # readers see the old one until the end
    assert (target / "data.txt").read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["index"]


def test_a_failure_half_way_keeps_the_old_folder_and_removes_the_half_written_one(tmp_path):
    target = tmp_path / "index"
    _write(target, "old")
    with pytest.raises(RuntimeError), staged_folder(target) as staging:
        (staging / "data.txt").write_text("half")
        raise RuntimeError("disk full")
    assert (target / "data.txt").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["index"]


def test_a_first_folder_is_created_with_its_parents(tmp_path):
    target = tmp_path / "var" / "index"
    with staged_folder(target) as staging:
        (staging / "data.txt").write_text("first")
    assert (target / "data.txt").read_text() == "first"
