"""The newsnlp command as a user runs it."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from newsnlp import Document
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


def _table_rows(out: str) -> dict[str, list[str]]:
    """The sample's table: each quote row by the first words of its text, as its cells."""
    lines = out.splitlines()
    head = next(line for line in lines if line.startswith("speaker "))
    starts = [head.index(name) for name in ("speaker", "cue", "to ", "according to", "kind",
                                              "text")]  # fmt: skip
    rows = {}
    for line in lines[lines.index(head) + 1 :]:
        if line.startswith(("--", "entities:")) or not line:
            continue
        cells = [line[a:b].strip() for a, b in zip(starts, [*starts[1:], None], strict=True)]
        rows[" ".join(cells[5].split()[:3])] = cells
    return rows


@pytest.mark.parametrize(
    ("first_words", "speaker", "cue", "to", "according_to"),
    [
        ("Россия встала на", "Ким Чен Ын", "сказал", "Владимир Путин", "Интерфакс"),
        ("отношения с Россией", "Ким Чен Ын", "По словам", "", "Интерфакс"),
        ("Мы будем говорить", "Владимир Путин", "ответил", "", "РИА Новости"),
        # Names longer than the old 24 and 14 columns, whole.
        (
            "Непосредственно перед корректировкой",
            "государственное предприятие",
            "сообщило",
            "",
            "",
        ),
        (
            'ситуация "давно вышла',
            "Владимир Зеленский",
            "По его словам",
            "",
            "Украинская правда",
        ),
    ],
)
def test_table_gives_whole_names_cue_addressee_and_source(
    capsys, first_words, speaker, cue, to, according_to
):
    code, out, _ = run(["extract", str(SAMPLE), "--format", "table"], capsys)
    assert code == 0
    assert _table_rows(out)[first_words][:4] == [speaker, cue, to, according_to]


def test_table_marks_teasers_or_leaves_them_out(capsys):
    _, out, _ = run(["extract", str(SAMPLE), "--format", "table"], capsys)
    lines = out.splitlines()
    marker = next(i for i, line in enumerate(lines) if line.startswith("-- teasers"))
    body = [line for line in lines[:marker] if "Ким Чен Ын " in line]
    assert body and all(lines.index(line) < marker for line in body)
    assert any(line.startswith("Владимир Зеленский") for line in lines[marker:])
    # The text is whole: the longest Путин quote ends where the article's does.
    assert "75 лет со дня установления дипломатических отношений" in out
    assert "2023-09-13T16:30 · В мире" in out
    _, only_body, _ = run(["extract", str(SAMPLE), "--format", "table", "--sections", "body"],
                          capsys)  # fmt: skip
    assert "-- teasers" not in only_body and "Владимир Зеленский" not in only_body
    assert len(_table_rows(only_body)) == len(_table_rows(out)) - 4


def test_table_entity_line_has_places_most_mentioned_first(capsys):
    _, out, _ = run(["extract", str(SAMPLE), "--format", "table"], capsys)
    (line,) = [x for x in out.splitlines() if x.startswith("entities: ")]
    names = [item.split(" [")[0] for item in line.removeprefix("entities: ").split("; ")]
    assert names[:3] == ["Владимир Путин", "Россия", "Ким Чен Ын"]
    # 14: "Российской Федерацией" is one of Россия's names (newsnlp/data/place_names.txt)
    assert "Россия [LOC, 14]" in line and "КНДР [LOC," in line and "ТАСС [ORG, 1]" in line
    # Places of the teasers only (Гаити) go with them.
    _, body, _ = run(["extract", str(SAMPLE), "--format", "table", "--sections", "body"],
                     capsys)  # fmt: skip
    assert "Гаити" in line and "Гаити" not in body


def test_sections_is_refused_outside_the_table(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["extract", str(SAMPLE), "--sections", "body"])
    assert exit_.value.code == 2
    assert "--sections body is for --format table" in capsys.readouterr().err


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


def write_jsonl(path, lines):
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return path


GOOD = [
    json.dumps({"id": i, "text": t}, ensure_ascii=False).encode()
    for i, t in [("g1", "Путин прибыл."), ("g2", "Ким уехал."), ("g3", "Песков сказал.")]
]


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (b'{"id": "x", "text": "unterminated', "not JSON"),
        (b'{"id": "x", "text": 5}', "no string 'text' key"),
        ('{"id": "x", "text": "Путин"}'.encode("cp1251"), "not UTF-8 (byte 0xcf"),
        (b"[" * 100_000, "not JSON (nested too deeply)"),
    ],
    ids=["broken-json", "no-text", "cp1251", "deep"],
)
def test_one_bad_jsonl_line_among_good_ones(tmp_path, capsys, bad, reason):
    batch = write_jsonl(tmp_path / "batch.jsonl", [GOOD[0], bad, GOOD[1], GOOD[2]])
    out = tmp_path / "out.jsonl"
    code, stdout, err = run(["extract", str(batch), "-o", str(out)], capsys)
    assert code == 1 and stdout == ""
    assert [json.loads(x)["id"] for x in out.read_text("utf-8").splitlines()] == [
        "g1",
        "g2",
        "g3",
    ]
    assert f"{batch}, line 2: {reason}" in err and "E104" in err
    assert "1 input(s) failed" in err


def test_a_document_that_fails_is_reported_with_file_and_line(tmp_path, capsys, fragile_quotes):
    bomb = json.dumps({"id": "b", "text": "ВЗРЫВ. Ким уехал."}, ensure_ascii=False).encode()
    batch = write_jsonl(tmp_path / "batch.jsonl", [GOOD[0], GOOD[1], bomb, GOOD[2]])
    text = tmp_path / "one.txt"
    text.write_text("ВЗРЫВ прогремел.", encoding="utf-8")
    code, out, err = run(["extract", str(batch), str(text)], capsys)
    assert code == 1
    assert [json.loads(x)["id"] for x in out.splitlines()] == ["g1", "g2", "g3"]
    assert f"document 'b' ({batch}, line 3) failed: RuntimeError: rule broke" in err
    assert f"document 'one' ({text}) failed" in err
    assert "2 input(s) failed" in err


def test_errors_fail_stops_and_leaves_out_untouched(tmp_path, capsys):
    batch = write_jsonl(tmp_path / "batch.jsonl", [GOOD[0], b"not json", GOOD[1]])
    out = tmp_path / "out.jsonl"
    out.write_text("previous run\n", encoding="utf-8")
    for flag in (["--errors", "fail"], ["--strict"]):
        code, stdout, err = run(["extract", str(batch), "-o", str(out), *flag], capsys)
        assert code == 1 and stdout == ""
        assert "line 2" in err and "stopped at the first error" in err
        assert out.read_text("utf-8") == "previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["batch.jsonl", "out.jsonl"]


@pytest.mark.parametrize("crash", [KeyboardInterrupt, MemoryError])
def test_a_crash_never_leaves_a_half_written_out(tmp_path, capsys, monkeypatch, crash):
    texts = [tmp_path / f"{n}.txt" for n in range(3)]
    for path in texts:
        path.write_text("Путин прибыл.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("previous run\n", encoding="utf-8")
    written = []

    def to_jsonl(self):
        if written:
            raise crash()  # after the first document has been written
        written.append(self.id)
        return "{}"

    monkeypatch.setattr("newsnlp.document.Document.to_jsonl", to_jsonl)
    args = ["extract", *map(str, texts), "-o", str(out), "--batch-size", "1"]
    if crash is KeyboardInterrupt:
        code, _, err = run(args, capsys)
        assert code == 130 and "interrupted" in err
    else:
        with pytest.raises(crash):
            main(args)
    assert written == ["0"]
    assert out.read_text("utf-8") == "previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.txt", "1.txt", "2.txt", "out.jsonl"]


def test_out_is_replaced_whole_with_the_usual_mode(tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    code, _, _ = run(["extract", str(SAMPLE), "-o", str(out)], capsys)
    assert code == 0 and json.loads(out.read_text("utf-8"))["id"] == "kim-putin-vostochny"
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's private 0600
    out.chmod(0o640)
    run(["extract", str(SAMPLE), "-o", str(out), "--format", "json"], capsys)
    assert out.stat().st_mode & 0o777 == 0o640 and json.loads(out.read_text("utf-8"))


def test_unwritable_out_is_a_clear_error(tmp_path, capsys):
    code, _, err = run(["extract", str(SAMPLE), "-o", str(tmp_path / "no" / "out.jsonl")], capsys)
    assert code == 2 and "E107" in err and "directory exists" in err


@pytest.mark.parametrize("fmt", ["jsonl", "json", "table"])
def test_lone_surrogates_are_written_as_escapes(tmp_path, capsys, fmt):
    # A JSON escape \ud800 reads into Python as a lone surrogate, which UTF-8 cannot hold.
    batch = tmp_path / "s.jsonl"
    batch.write_text('{"id": "s", "text": "«Да», — сказал Путин\\ud800."}\n', encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    code, _, err = run(["extract", str(batch), "--format", fmt, "-o", str(out)], capsys)
    assert code == 0, err
    written = out.read_text("utf-8")
    assert "\\ud800" in written
    if fmt == "jsonl":
        assert Document.from_json(written).text == "«Да», — сказал Путин\ud800."


def test_a_jsonl_file_in_another_encoding_is_reported_once(tmp_path, capsys):
    lines = [json.dumps({"id": n, "text": "Путин"}, ensure_ascii=False) for n in range(50)]
    batch = tmp_path / "cp1251.jsonl"
    batch.write_bytes("\n".join(lines).encode("cp1251"))
    code, out, err = run(["extract", str(batch)], capsys)
    assert code == 1 and out == ""
    assert err.count(", line ") == 4 and err.count("E105") == 1 and "iconv" in err


class BinaryStdin:
    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)


def test_stdin_bytes_are_decoded_line_by_line(capsys, monkeypatch):
    lines = [GOOD[0], "Путин".encode("cp1251"), GOOD[1]]
    monkeypatch.setattr(sys, "stdin", BinaryStdin(b"\n".join(lines)))
    code, out, err = run(["extract", "-"], capsys)
    assert code == 1 and [json.loads(x)["id"] for x in out.splitlines()] == ["g1", "g2"]
    assert "<stdin>, line 2: not UTF-8" in err

    monkeypatch.setattr(sys, "stdin", BinaryStdin("Путин прибыл.".encode("cp1251")))
    code, out, err = run(["extract", "-"], capsys)
    assert code == 1 and out == "" and "E105" in err and "<stdin>" in err


def test_a_line_separator_inside_a_json_string_is_not_a_line_break(capsys, monkeypatch):
    text = "Путин прибыл.\u2028Ким уехал.\x85"
    line = json.dumps({"id": "u", "text": text}, ensure_ascii=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(line + "\n"))
    code, out, _ = run(["extract", "-"], capsys)
    assert code == 0 and json.loads(out)["text"] == text


def test_acceptance_malformed_line_as_a_user_runs_it(tmp_path):
    # The issue's check, through the console script: three good documents, an error
    # naming line 2 on stderr, a non-zero exit.
    batch = write_jsonl(tmp_path / "batch.jsonl", [GOOD[0], b"{oops", GOOD[1], GOOD[2]])
    out = tmp_path / "out.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "newsnlp", "extract", str(batch), "-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert f"{batch}, line 2: not JSON" in result.stderr
    docs = [Document.from_json(line) for line in out.read_text("utf-8").splitlines()]
    assert [d.id for d in docs] == ["g1", "g2", "g3"]


def test_serve_options_and_missing_extra(monkeypatch, capsys):
    code, _, err = run(["serve", "--workers", "0"], capsys)
    assert code == 2 and "workers=0" in err
    code, _, err = run(["serve", "--max-body", "lots"], capsys)
    assert code == 2 and "10MB" in err
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if `newsnlp[server]` were absent
    code, _, err = run(["serve"], capsys)
    assert code == 2 and "pip install 'newsnlp[server]'" in err


def test_output_inside_an_input_directory_is_not_read_back(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Путин прибыл в Москву.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    for _ in range(2):  # the second run finds the first run's OUT in the directory
        code, _, err = run(["extract", str(tmp_path), "-o", str(out)], capsys)
        assert code == 0, err
        assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["a"]


@pytest.mark.parametrize("errors", ["skip", "fail"])
@pytest.mark.parametrize("alias", ["same", "symlink", "with-others"])
def test_output_that_is_an_input_is_refused_before_anything_is_read(
    tmp_path, capsys, alias, errors
):
    # issue 14.1: `-o IN` emptied IN (or filled it with the other inputs' output).
    target = write_jsonl(tmp_path / "in.jsonl", GOOD)
    before = target.read_bytes()
    other = tmp_path / "b.txt"
    other.write_text("Путин прибыл в Москву.", encoding="utf-8")
    inputs = [str(target)] + ([str(other)] if alias == "with-others" else [])
    out = target
    if alias == "symlink":
        out = tmp_path / "link.jsonl"
        out.symlink_to(target)
    code, stdout, err = run(["extract", *inputs, "-o", str(out), "--errors", errors], capsys)
    assert code == 2 and "E110" in err and "would destroy it" in err
    assert target.read_bytes() == before and stdout == ""
    assert not list(tmp_path.glob(".*.part"))


def test_output_that_is_a_directory_is_refused_first(tmp_path, capsys, monkeypatch):
    # issue 14.11: IsADirectoryError came only after the whole run.
    import newsnlp.pipeline

    def no_run(*args, **kwargs):  # reaching the pipeline is the bug
        raise AssertionError("the pipeline was started")

    monkeypatch.setattr(newsnlp.pipeline.Pipeline, "pipe", no_run)
    code, _, err = run(["extract", str(SAMPLE), "-o", str(tmp_path)], capsys)
    assert code == 2 and "E111" in err and "is a directory" in err


def test_a_partial_file_left_by_a_killed_run_is_named(tmp_path, capsys):
    # issue 14.12: SIGKILL leaves `.OUT.*.part`; the next run says so.
    out = tmp_path / "out.jsonl"
    (tmp_path / ".out.jsonl.abc123.part").write_text("{")
    code, _, err = run(["extract", str(SAMPLE), "-o", str(out)], capsys)
    assert code == 0 and ".out.jsonl.abc123.part is left from an earlier run" in err


def test_sigterm_removes_the_partial_file(tmp_path):
    # issue 14.12: SIGTERM left a hidden `.OUT.*.part` file behind.
    import signal
    import time

    many = write_jsonl(
        tmp_path / "many.jsonl",
        [
            json.dumps({"id": str(i), "text": "Путин прибыл в Москву. " * 50}).encode()
            for i in range(2000)
        ],
    )
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsnlp", "extract", str(many), "-o", str(out)],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not list(tmp_path.glob(".out.jsonl.*.part")):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.1)
        time.sleep(1)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 143, err
    assert "terminated" in err
    assert not list(tmp_path.glob(".*.part")) and not out.exists()


def test_a_number_of_5000_digits_costs_only_its_line(tmp_path):
    # issue 14.4: a traceback, and the good line before it lost. Run as a user does.
    huge = b'{"id": "big", "text": "x", "n": ' + b"9" * 5000 + b"}"
    batch = write_jsonl(tmp_path / "batch.jsonl", [GOOD[0], huge, GOOD[2]])
    out = tmp_path / "out.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "newsnlp", "extract", str(batch), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{batch}, line 2: not readable JSON" in result.stderr
    docs = [Document.from_json(line) for line in out.read_text("utf-8").splitlines()]
    assert [d.id for d in docs] == ["g1", "g3"]


@pytest.mark.parametrize(
    "text",
    [
        "{Срочно} Песков заявил, что визит пройдет по плану.",
        "{\n  Песков заявил, что визит пройдет по плану.\n}",
        '{"id": "x"} — так начинается запись в блоге, а не документ.',
    ],
)
def test_stdin_text_that_begins_with_a_brace_is_an_article(text, capsys, monkeypatch):
    """Only a first line that is a JSON object with a "text" makes stdin JSON Lines
    (issue 14): an article that happens to begin with '{' is read as the article."""
    for stdin in (io.StringIO(text), BinaryStdin(text.encode("utf-8"))):
        monkeypatch.setattr(sys, "stdin", stdin)
        code, out, err = run(["extract", "-"], capsys)
        assert code == 0, err
        doc = json.loads(out)
        assert doc["id"] == "stdin" and doc["text"] == text


def test_stdin_json_lines_with_a_bom_are_still_json_lines(capsys, monkeypatch):
    data = "\ufeff" + json.dumps({"id": "b1", "text": "Путин прибыл."}, ensure_ascii=False)
    monkeypatch.setattr(sys, "stdin", BinaryStdin(data.encode("utf-8")))
    code, out, _ = run(["extract", "-"], capsys)
    assert code == 0 and json.loads(out)["id"] == "b1"
