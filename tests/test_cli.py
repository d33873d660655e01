"""The newsnlp command as a user runs it."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from newsnlp.cli import iter_inputs, main
from newsnlp.errors import InputError

from .conftest import CORPORA, SAMPLE, SAMPLE_NAMES, read


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_extract_sample_jsonl(capsys):
    code, out, _ = run(["extract", str(SAMPLE), "--format", "jsonl"], capsys)
    assert code == 0
    (line,) = out.splitlines()
    doc = json.loads(line)
    assert doc["id"] == "kim-putin-vostochny"
    normals = {e["normal"] for e in doc["entities"]}
    assert normals >= SAMPLE_NAMES
    assert "Ким Путин" not in normals
    for e in doc["entities"]:
        assert doc["text"][e["start"] : e["stop"]] == e["text"]


def test_extract_dir_jsonl_stdin_and_formats(tmp_path, capsys, monkeypatch):
    (tmp_path / "a.txt").write_text("Путин прибыл.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Ким уехал.", encoding="utf-8")
    (tmp_path / "gold.quotes.jsonl").write_text("{}\n", encoding="utf-8")  # skipped
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        '{"id": "j1", "text": "Песков."}\n\n{"id": "j2", "text": "Мир."}\n', encoding="utf-8"
    )
    code, out, _ = run(["extract", str(tmp_path)], capsys)
    assert code == 0
    assert [json.loads(x)["id"] for x in out.splitlines()] == ["a", "j1", "j2", "b"]

    monkeypatch.setattr(sys, "stdin", io.StringIO("Ким Чен Ын приехал."))
    code, out, _ = run(["extract", "-", "--format", "json"], capsys)
    assert code == 0 and json.loads(out)[0]["id"] == "stdin"

    monkeypatch.setattr(sys, "stdin", io.StringIO('{"id": "s1", "text": "Путин."}\n'))
    code, out, _ = run(["extract", "-"], capsys)
    assert json.loads(out)["id"] == "s1"

    code, out, _ = run(["extract", str(SAMPLE), "--format", "table"], capsys)
    assert code == 0 and "# kim-putin-vostochny" in out and "Владимир Путин [PER" in out

    target = tmp_path / "out.jsonl"
    code, out, _ = run(["extract", str(tmp_path / "a.txt"), "-o", str(target)], capsys)
    assert code == 0 and out == "" and json.loads(target.read_text("utf-8"))["id"] == "a"


def test_bad_inputs_are_reported_and_the_rest_is_kept(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("Путин прибыл.", encoding="utf-8")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Путин".encode("cp1251"))
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "x", "text": "Ким."}\nnot json\n{"id": 3}\n', encoding="utf-8")
    code, out, err = run(
        ["extract", str(good), str(tmp_path / "missing.txt"), str(latin1), str(broken)], capsys
    )
    assert code == 1
    assert [json.loads(x)["id"] for x in out.splitlines()] == ["good", "x"]
    assert "E103" in err and "E105" in err and "iconv" in err and err.count("E104") == 2
    assert "4 input(s) failed" in err


def test_strict_stops_at_the_first_bad_input(tmp_path, capsys):
    code, out, err = run(
        ["extract", str(tmp_path / "missing.txt"), str(SAMPLE), "--strict"], capsys
    )
    assert code == 1 and out == "" and "E103" in err


def test_usage_errors(capsys):
    with pytest.raises(SystemExit) as info:
        main(["extract"])
    assert info.value.code == 2
    with pytest.raises(SystemExit):
        main(["extract", str(SAMPLE), "--format", "xml"])


@pytest.mark.parametrize("option", ["--batch-size", "--workers"])
def test_counts_must_be_positive(option, capsys):
    with pytest.raises(SystemExit) as info:
        main(["extract", str(SAMPLE), option, "0"])
    assert info.value.code == 2
    assert option in capsys.readouterr().err


def test_workers_write_what_one_process_writes(tmp_path):
    # A real `python -m newsnlp`: worker processes import the __main__ module again,
    # which must not start a second run.
    articles = tmp_path / "articles"
    articles.mkdir()
    for path in sorted((CORPORA / "tune").glob("*.txt"))[:5]:
        (articles / path.name).write_text(read(path), encoding="utf-8")
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}.jsonl"
        command = [sys.executable, "-m", "newsnlp", "extract", str(articles)]
        command += ["--workers", workers, "--batch-size", "2", "-o", str(out)]
        subprocess.run(command, capture_output=True, text=True, check=True, timeout=120)
        outputs.append(out.read_text(encoding="utf-8"))
    assert len(outputs[0].splitlines()) == 5
    assert outputs[1] == outputs[0]


def test_iter_inputs_yields_errors_not_exceptions(tmp_path):
    items = list(iter_inputs([str(tmp_path / "nope")]))
    assert len(items) == 1 and isinstance(items[0], InputError)


def test_console_script_and_progress_bar(tmp_path):
    (tmp_path / "a.txt").write_text("Путин прибыл.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Ким уехал.", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsnlp",
            "extract",
            str(tmp_path / "a.txt"),
            str(tmp_path / "b.txt"),
            "--progress",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(result.stdout.splitlines()) == 2
    assert "2/2" in result.stderr  # tqdm's bar on stderr, stdout stays clean JSONL


def test_serve_options_and_missing_extra(monkeypatch, capsys):
    code, _, err = run(["serve", "--workers", "0"], capsys)
    assert code == 2 and "workers=0" in err
    code, _, err = run(["serve", "--max-body", "lots"], capsys)
    assert code == 2 and "10MB" in err
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if `newsnlp[server]` were absent
    code, _, err = run(["serve"], capsys)
    assert code == 2 and "pip install 'newsnlp[server]'" in err
