"""Hostile input never crashes the command line or the CSV export: a clean message and a
non-zero exit (or a 4xx), never a traceback, never the generic "内部错误", never invalid UTF-8.

Every case runs the real `python -m qa` (or the real FastAPI app) on a real index of corpus/.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

CENTER = "changji-hrss-center-2025-budget"
BUREAU_2022 = "changji-hrss-bureau-2022-budget"
LONG = "x" * 10_000
HUGE = "99999999999999999999"


def run_qa(*args, env: dict | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """`python -m qa ARGS` (args may be bytes: undecodable argv); stdout/stderr as bytes."""
    base = {k: v for k, v in os.environ.items() if k != "PYTHONIOENCODING"}
    return subprocess.run([sys.executable, "-m", "qa", *args], cwd=ROOT, capture_output=True, input=stdin,
                          env={**base, **(env or {})}, timeout=300)


def run_main(args: list[str]) -> subprocess.CompletedProcess:
    """The real CLI entry point in its own process, for arguments a command line cannot carry (NUL)."""
    code = "import json, sys; from qa.cli import main; raise SystemExit(main(json.loads(sys.argv[1])))"
    return subprocess.run([sys.executable, "-c", code, json.dumps(args)], cwd=ROOT, capture_output=True,
                          timeout=300)


def assert_clean_failure(r: subprocess.CompletedProcess, *names: str) -> str:
    """Non-zero exit, nothing on stdout, one readable error line on stderr naming `names`; that line."""
    err = r.stderr.decode("utf-8")  # strict: a failure message is valid UTF-8 too
    assert r.returncode != 0, err
    assert "Traceback" not in err and "内部错误" not in err, err
    assert r.stdout == b"", r.stdout[:300]
    last = err.strip().splitlines()[-1]
    assert last.startswith("错误："), err
    assert all(n in last for n in names), (names, last)
    return last


def json_lines(r: subprocess.CompletedProcess) -> list[dict]:
    return [json.loads(line) for line in r.stdout.decode("utf-8").splitlines()]


def write_lines(path: Path, lines: list[str | bytes]) -> Path:
    path.write_bytes(b"".join((x if isinstance(x, bytes) else x.encode("utf-8")) + b"\n" for x in lines))
    return path


# ---------------------------------------------------------------- qa ask --batch


BAD_LINES = {  # line text -> the error code it gets
    "[1,2]": "not_object",
    '"text"': "not_object",
    "3": "not_object",
    "not json": "bad_json",
    '{"id": "nan", "question": NaN}': "bad_json",
    '{"id": 1e999, "question": "x"}': "bad_json",
    "[" * 100_000: "bad_json",
    '{"question": null}': "bad_question",
    '{"id": "n", "question": 5}': "bad_question",
    '{"id": "w", "question": "  \\u0000 "}': "bad_question",
    '{"id": "m"}': "missing_question",
    '{"id": {"a": 1}, "question": "三公经费"}': "bad_id",
    '{"id": "s", "question": "三公经费", "session": [1]}': "bad_session",
}


@pytest.fixture(scope="module")
def hostile_batch(built_index, tmp_path_factory) -> tuple[list[str | bytes], subprocess.CompletedProcess]:
    good = '{"id": "ok", "question": "昌吉州人社服务中心2025年“三公”经费预算是多少？"}'
    lines: list[str | bytes] = [
        '{"id": "s1", "question": "三\\udff2公"}',  # a lone surrogate, as JSON writes it
        '{"id": "s2", "question": "2025年\\udff2费是多少"}',  # ... echoed by the answer
        *BAD_LINES,
        b'{"id": "gbk", "question": "\xc8\xfd\xb9\xab"}',  # not UTF-8
        "",  # blank lines are skipped
        '{"id": "emoji", "question": "😀？"}',  # no figure words, but a question: the answerer refuses it
        good,
    ]
    path = write_lines(tmp_path_factory.mktemp("batch") / "hostile.jsonl", lines)
    return lines, run_qa("ask", "--index", str(built_index), "--batch", str(path), "--json")


def test_batch_answers_every_line_in_order(hostile_batch):
    lines, r = hostile_batch
    err = r.stderr.decode("utf-8")
    assert r.returncode == 0 and "Traceback" not in err, err
    out = json_lines(r)  # decoding is strict: the output is valid UTF-8 whatever the input
    asked = [n for n, line in enumerate(lines, 1) if line.strip()]
    assert [o["line"] for o in out] == asked
    assert [o["id"] for o in out[:2]] == ["s1", "s2"] and out[-1]["id"] == "ok"
    assert out[-1]["status"] == "answered" and out[-1]["value"] == 2.28
    assert "\ufffd" in out[1]["answer"]  # the echoed bad character is replaced, not fatal
    assert out[-2]["id"] == "emoji" and out[-2]["status"] == "not_found"
    assert f"{len(BAD_LINES) + 1} 行无法提问" in err.strip().splitlines()[-1], err


def test_batch_bad_lines_get_error_objects(hostile_batch):
    lines, r = hostile_batch
    by_line = {o["line"]: o for o in json_lines(r)}
    expected = {**BAD_LINES, lines[-4]: "bad_encoding"}
    for n, line in enumerate(lines, 1):
        if line in expected:
            o = by_line[n]
            assert (o["status"], o["code"]) == ("error", expected[line]), (line[:40], o)
            assert o["error"].startswith(f"第{n}行") and o["value"] is None and o["citations"] == []
    assert by_line[lines.index('{"id": "m"}') + 1]["id"] == "m"  # the id is kept when there is one


def test_batch_lines_are_separate_conversations_unless_they_share_a_session(built_index, tmp_path):
    lines = [
        '{"question": "昌吉州人社局2022年三公经费预算多少？"}',
        '{"question": "那公务接待费呢？"}',  # no id, no session: not a follow-up of the line above
        '{"id": "a1", "question": "昌吉州人社局2022年三公经费预算多少？", "session": "s1"}',
        '{"id": "b1", "question": "巴州人社局2024年公务用车运行费预算是多少", "session": 2}',
        '{"id": "a2", "question": "那公务接待费呢？", "session": "s1"}',
        '{"id": "b2", "question": "比上年减少了多少？", "session": 2}',
        '{"id": "c", "question": "比上年减少了多少？", "session": "other"}',
    ]
    r = run_qa("ask", "--index", str(built_index), "--batch", str(write_lines(tmp_path / "s.jsonl", lines)),
               "--json")
    out = json_lines(r)
    assert r.returncode == 0 and len(out) == len(lines)
    assert out[0]["value"] == 9.2 and out[1]["value"] != 0.4
    assert out[4]["value"] == 0.4 and {c["doc"] for c in out[4]["citations"]} == {BUREAU_2022}
    assert out[5]["value"] == 3.0  # the other session in between does not disturb it
    assert out[6]["status"] != "answered"


@pytest.mark.parametrize("where", ["missing", "directory"])
def test_batch_file_that_cannot_be_read_fails(built_index, tmp_path, where):
    path = tmp_path / "none.jsonl" if where == "missing" else tmp_path
    assert_clean_failure(run_qa("ask", "--index", str(built_index), "--batch", str(path)), str(path))


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize("value", [HUGE, "-1", "abc", "0", "2025.5", "1e3", "²"])
@pytest.mark.parametrize("command", [("facts", "--year"), ("facts", "--limit"), ("search", "-k"),
                                     ("search", "--year")])
def test_bad_numbers_name_the_argument(built_index, command, value):
    name, flag = command
    query = ["三公经费"] if name == "search" else []
    r = run_qa(name, *query, "--index", str(built_index), flag, value, "--json")
    assert_clean_failure(r, flag, "须为")


def test_good_numbers_still_filter(built_index):
    r = run_qa("facts", "--index", str(built_index), "--metric", "三公", "--year", "２０２５", "--limit", "2",
               "--json")
    rows = json.loads(r.stdout)
    assert r.returncode == 0 and len(rows) == 2 and {x["year"] for x in rows} == {2025}


# ---------------------------------------------------------------- argv bytes and stream encodings


def test_undecodable_argv_is_a_message_not_a_trace(built_index):
    assert_clean_failure(run_qa("ask", "--index", str(built_index), b"\xff\xfe", "--json"), "问题")


def test_undecodable_bytes_inside_a_question_are_replaced(built_index):
    question = "昌吉州人社服务中心2025年“三公”经费预算是多少".encode() + b"\xff"
    r = run_qa("ask", "--index", str(built_index), question, "--json")
    out = json.loads(r.stdout.decode("utf-8"))
    assert r.returncode == 0 and out["value"] == 2.28


@pytest.mark.parametrize("env", [{"LANG": "C", "LC_ALL": "C"}, {"PYTHONIOENCODING": "ascii"},
                                 {"PYTHONIOENCODING": "latin-1", "LANG": "C"}])
def test_output_never_fails_on_the_stream_encoding(built_index, env):
    r = run_qa("ask", "--index", str(built_index), "昌吉州人社服务中心2025年“三公”经费预算是多少？", "--json",
               env=env)
    assert r.returncode == 0 and b"Traceback" not in r.stderr, r.stderr
    assert json.loads(r.stdout.decode("utf-8"))["value"] == 2.28
    r = run_qa("facts", "--index", str(built_index), "--doc", "nope", env=env)  # a Chinese error message
    assert r.returncode == 1 and b"Traceback" not in r.stderr and r.stderr.count(b"\n") == 1, r.stderr


# ---------------------------------------------------------------- every subcommand × garbage

# (argument list with {} where the garbage goes, garbage values that apply there)
FILTERS = ["", "\x00", LONG, "no-such-doc"]
SLOTS = [
    (["inspect", "{}"], FILTERS),
    (["facts", "--doc", "{}"], FILTERS),
    (["facts", "--metric", "{}"], ["", "\x00", LONG]),
    (["audit", "--doc", "{}"], FILTERS),
    (["search", "三公经费", "--doc", "{}"], FILTERS),
    (["search", "{}"], ["", "\x00", b"\xff\xfe"]),
    (["ask", "{}"], ["", "\x00", b"\xff\xfe"]),
    (["ask", "--batch", "{}"], ["", "\x00", LONG, "no-such-file.jsonl"]),
    (["eval", "--gold", "{}"], ["", "\x00", "no-such-gold.jsonl"]),
    (["eval", "--subset", "{}"], ["", "\x00", LONG, "no-such-subset"]),
    (["build", "--corpus", "{}"], ["", "\x00", LONG, "no-such-corpus"]),
    (["build", "--embedder", "{}"], ["", "\x00", "no-such-embedder"]),
    (["facts", "--index", "{}"], ["", "\x00", LONG, "no-such-index"]),
    (["ask", "三公经费", "--index", "{}"], ["", "\x00", "no-such-index"]),
]
CASES = [(slot, g) for slot, values in SLOTS for g in values]


@pytest.mark.parametrize(("slot", "garbage"), CASES,
                         ids=[f"{' '.join(s[:2])}={g[:12]!r}" for s, g in CASES])
def test_garbage_arguments_give_a_clean_message(built_index, tmp_path, slot, garbage):
    args = [garbage if a == "{}" else a for a in slot]
    if "--index" not in slot:
        args += ["--index", str(built_index if slot[0] != "build" else tmp_path / "index")]
    r = run_main(args) if garbage == "\x00" else run_qa(*args, "--json")
    assert_clean_failure(r)
    assert not (tmp_path / "index").exists()  # a refused build writes nothing


def test_an_overlong_question_is_read_from_its_start(built_index):
    r = run_qa("ask", "--index", str(built_index), "昌吉州人社服务中心2025年“三公”经费预算是多少？" + LONG, "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["status"] in {"answered", "not_found", "ambiguous"}


# ---------------------------------------------------------------- the CSV export


@pytest.fixture(scope="module")
def client(built_index):
    from fastapi.testclient import TestClient

    from qa.web.engine import Engine
    from qa.web.server import create_app

    with TestClient(create_app(Engine(built_index, built_index.parent / "corpus"))) as c:
        yield c


@pytest.mark.parametrize("params", [
    {"year": HUGE}, {"year": "abc"}, {"year": "-1"}, {"year": "²"}, {"limit": HUGE}, {"limit": "0"},
    {"doc": "../../etc/passwd"}, {"doc": "no-such-doc"}, {"metric": LONG}, {"metric": "三\x00公"},
])
def test_csv_export_refuses_bad_parameters_with_a_4xx(client, params):
    resp = client.get("/export/facts.csv", params=params)
    assert 400 <= resp.status_code < 500, (params, resp.status_code)
    assert next(iter(params)) in resp.json()["error"]


def test_csv_export_filters_by_good_parameters(client):
    resp = client.get("/export/facts.csv", params={"doc": CENTER, "year": "2025", "limit": "3", "metric": ""})
    rows = resp.text.lstrip("\ufeff").splitlines()
    assert resp.status_code == 200 and len(rows) == 4
    assert all(r.startswith(f"{CENTER},2025,") for r in rows[1:])
