"""The teacher's class report (tools/class_report.py, `python3 course.py report FOLDER`): right from good files,
and safe with broken, oversized, tampered and hostile ones (reported by name, skipped, every text escaped)."""

from __future__ import annotations

import importlib.util
import json
import os
import pickle
import re
import sys
from pathlib import Path

import pytest

from eunato import progress

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import class_report


def rec(item, status, attempt, answer, chapter=None, kind="selfcheck", prompt=""):
    return {
        "v": 1,
        "item": item,
        "kind": kind,
        "chapter": progress.chapter_of(item) if chapter is None else chapter,
        "status": status,
        "correct": status == "correct",
        "attempt": attempt,
        "time": f"2026-11-30T10:{attempt:02d}:00Z",
        "answer": answer,
        "prompt": prompt or f"prompt of {item}",
        "see": "",
    }


def submission(name, records, **changes):
    doc = {
        "format": "eunato-submission",
        "version": 1,
        "course": "eunato",
        "name": name,
        "exported": "2026-11-30T11:00:00Z",
        "records": records,
        "checksum": progress.checksum(name, records),
    }
    doc.update(changes)
    return doc


def write(folder: Path, file: str, doc) -> Path:
    path = folder / file
    path.write_text(json.dumps(doc) if not isinstance(doc, (str, bytes)) else doc, encoding="utf-8")
    return path


HOSTILE = "<script>alert('x')</script>"


@pytest.fixture
def class_folder(tmp_path):
    folder = tmp_path / "hand-ins"
    folder.mkdir()
    # three good learners
    write(
        folder,
        "anna.json",
        submission(
            "Anna",
            [
                rec("01.berlin-plus", "correct", 1, "2003"),
                rec("02.cbrn", "incorrect", 1, "Warsaw"),
                rec("02.cbrn", "correct", 2, "Brussels"),
                rec("1.1", "correct", 1, "13", kind="exercise"),
            ],
        ),
    )
    write(
        folder,
        "ben.json",
        submission(
            "Ben",
            [
                rec("01.berlin-plus", "incorrect", 1, "2002"),
                rec("01.berlin-plus", "incorrect", 2, "2004"),
                rec("02.cbrn", "incorrect", 1, "Warsaw"),
            ],
        ),
    )
    write(
        folder,
        "no-name.json",
        submission(None, [rec("02.cbrn", "incorrect", 1, "warsaw 2016"), rec("02.cbrn", "incorrect", 2, "Warsaw")]),
    )
    # a hostile one: valid format, script in the name and the answers
    write(
        folder,
        "hostile.json",
        submission(HOSTILE, [rec("02.cbrn", "incorrect", 1, HOSTILE, prompt=HOSTILE)]),
    )
    # broken ones
    write(folder, "broken.json", '{"format": "eunato-submission", "records": [')
    write(folder, "not-a-submission.json", {"hello": "world"})
    write(folder, "list.json", [1, 2, 3])
    tampered = submission("Cara", [rec("01.berlin-plus", "incorrect", 1, "2002")])
    tampered["records"][0]["status"], tampered["records"][0]["correct"] = "correct", True  # edited after export
    write(folder, "tampered.json", tampered)
    bad_record = submission("Dan", [rec("01.berlin-plus", "correct", 1, "2003")])
    bad_record["records"][0]["attempt"] = "one"
    bad_record["checksum"] = progress.checksum("Dan", bad_record["records"])
    write(folder, "bad-record.json", bad_record)
    write(folder, "extra-field.json", submission("Eve", [], code="__import__('os').system('x')"))
    write(folder, "deep.json", "[" * 100_000 + "]" * 100_000)
    write(folder, "nan.json", '{"format": "eunato-submission", "version": NaN}')
    (folder / "pickled.json").write_bytes(pickle.dumps({"format": "eunato-submission"}))
    (folder / "huge.json").write_bytes(b" " * (class_report.MAX_BYTES + 10))
    write(folder, f"{HOSTILE.replace('/', '')}.json", "nope")  # a hostile file name
    write(folder, "anna-again.json", json.loads((folder / "anna.json").read_text()))  # a duplicate
    (folder / "notes.txt").write_text("not a submission")
    return folder


SKIPPED = {
    "broken.json": "not valid JSON",
    "not-a-submission.json": "not a progress file",
    "list.json": "not a progress file",
    "tampered.json": "changed after it was exported",
    "bad-record.json": "record 1: field 'attempt'",
    "extra-field.json": "unexpected fields: code",
    "nan.json": "not valid JSON",
    "deep.json": "not valid JSON",
    "pickled.json": "not",
    "huge.json": "larger than 2 MB",
    "anna.json": "a duplicate",
}


def test_the_folder_is_read_and_every_bad_file_is_named(class_folder):
    loaded = class_report.load_folder(class_folder)
    assert sorted(s.file for s in loaded.submissions) == ["anna-again.json", "ben.json", "hostile.json", "no-name.json"]
    why = dict(loaded.skipped)
    for name, reason in SKIPPED.items():
        assert reason in why.get(name, ""), (name, why.get(name))
    assert "<script>alert('x')<script>.json" in why
    assert loaded.ignored == 1  # notes.txt


def test_per_question_and_per_learner_figures(class_folder):
    loaded = class_report.load_folder(class_folder)
    stats = {s.item: s for s in class_report.question_stats(loaded.submissions)}
    cbrn = stats["02.cbrn"]
    assert (cbrn.learners, cbrn.right_first_time, cbrn.right_in_the_end) == (4, 0, 1)
    assert cbrn.wrong.most_common(1) == [("Warsaw", 3)]  # Anna, Ben and the unnamed learner
    assert cbrn.prompt == "prompt of 02.cbrn"  # the hostile file's own prompt does not relabel the question
    berlin = stats["01.berlin-plus"]
    assert (berlin.learners, berlin.right_first_time) == (2, 1)
    assert stats["1.1"].kind == "exercise" and stats["1.1"].right_first_time == 1
    learners = {s.label: s for s in class_report.learner_stats(loaded.submissions)}
    assert learners["Anna"].answered == 3 and learners["Anna"].right_first_time == 2
    assert learners["Ben"].not_yet_right == ["01.berlin-plus", "02.cbrn"]
    assert learners["(no name: no-name.json)"].chapters == [2]


def test_the_report_page_is_escaped_offline_and_complete(class_folder):
    target = class_report.make_report(class_folder, log=lambda *_: None)
    page = target.read_text(encoding="utf-8")
    assert target == class_folder / "class-report.html"
    assert "<script" not in page.lower()  # the hostile name, answer, prompt and file name show as text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"(src|href)=['\"]?(https?:)?//", page)  # nothing from the internet
    assert page.count("<img src='data:image/png;base64,") == 2
    for name in SKIPPED:
        assert f"<code>{name}</code>" in page
    assert "Warsaw (3)" in page and "Anna" in page and "no-name.json" in page


def test_an_existing_report_is_never_overwritten(class_folder):
    (class_folder / "class-report.html").write_text("the teacher's earlier report")
    first = class_report.make_report(class_folder, log=lambda *_: None)
    second = class_report.make_report(class_folder, log=lambda *_: None)
    assert (class_folder / "class-report.html").read_text() == "the teacher's earlier report"
    assert first.name == "class-report-2.html" and second.name == "class-report-3.html"
    # and the reports, being .html, are not read as submissions next time
    assert len(class_report.load_folder(class_folder).submissions) == 4


def test_files_from_learners_never_name_where_the_report_goes(class_folder, tmp_path):
    evil = submission("../../x", [rec("01.a", "correct", 1, "../../../etc/passwd")])
    write(class_folder, "z.json", evil)
    before = set(tmp_path.rglob("*"))
    target = class_report.make_report(class_folder, log=lambda *_: None)
    after = set(tmp_path.rglob("*"))
    assert after - before == {target} and target.parent == class_folder


def test_a_learner_who_saved_twice_counts_once(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    early = submission("Anna", [rec("01.a", "incorrect", 1, "x")], exported="2026-11-30T09:00:00Z")
    late = submission(
        "anna", [rec("01.a", "incorrect", 1, "x"), rec("01.a", "correct", 2, "y")], exported="2026-11-30T12:00:00Z"
    )
    write(folder, "b-late.json", late)
    write(folder, "a-early.json", early)
    loaded = class_report.load_folder(folder)
    assert [s.file for s in loaded.submissions] == ["b-late.json"]
    assert loaded.skipped == [
        ("a-early.json", "an earlier file from the same name; the newer one, b-late.json, is used")
    ]
    (stat,) = class_report.question_stats(loaded.submissions)
    assert (stat.learners, stat.right_in_the_end) == (1, 1)


def test_an_empty_or_missing_folder_gets_a_sentence(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    target = class_report.make_report(empty, log=lambda *_: None)
    assert "No valid progress file" in target.read_text()
    assert class_report.main([str(tmp_path / "missing")]) == 2
    assert "is not a folder" in capsys.readouterr().out


def test_the_command_line_prints_what_was_skipped(class_folder, capsys):
    assert class_report.main([str(class_folder), "--out", str(class_folder.parent / "report.html")]) == 0
    out = capsys.readouterr().out
    assert "4 learner files used, 12 skipped" in out
    assert "skipped tampered.json: changed after it was exported" in out
    assert (class_folder.parent / "report.html").exists()


def test_a_learner_export_is_accepted_by_the_report(tmp_path, monkeypatch):
    monkeypatch.setenv("EUNATO_PROGRESS", str(tmp_path / "progress.jsonl"))
    from eunato.questions import SingleChoice

    q = SingleChoice("Pick", options=["a", "b"], answer="a", explanation="a it is")
    q.id = "03.pick"
    q.submit("b")
    q.submit("a")
    folder = tmp_path / "in"
    folder.mkdir()
    progress.export("Zoë", folder=folder)
    loaded = class_report.load_folder(folder)
    assert not loaded.skipped and loaded.submissions[0].name == "Zoë"
    (stat,) = class_report.question_stats(loaded.submissions)
    assert (stat.item, stat.learners, stat.right_first_time, dict(stat.wrong)) == ("03.pick", 1, 0, {"b": 1})


def test_course_py_has_the_report_command():
    spec = importlib.util.spec_from_file_location("course", ROOT / "course.py")
    course = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(course)
    assert "report" in course.COMMANDS and "course.py report FOLDER" in course.__doc__
    calls = []
    course.ensure_env = lambda *a: None
    course.run = lambda args, **kw: calls.append(args) or 0
    assert course.COMMANDS["report"](["hand-ins", "--out", "r.html"]) == 0
    assert calls[0][1].endswith(os.path.join("tools", "class_report.py"))
    assert calls[0][2] == str(Path("hand-ins").resolve())
