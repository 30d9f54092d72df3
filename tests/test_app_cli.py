"""app.py's flags and their QA_* environment defaults."""

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location("app", Path(__file__).resolve().parents[1] / "app.py")
app = importlib.util.module_from_spec(spec)
spec.loader.exec_module(app)


def test_defaults_come_from_settings(monkeypatch):
    for name in ("QA_HOST", "QA_PORT", "QA_INDEX", "QA_CORPUS"):
        monkeypatch.delenv(name, raising=False)
    args = app.parse_args([])
    assert (args.host, args.port, args.index, args.corpus) == ("127.0.0.1", 7860, "index", "corpus")


def test_environment_then_flags(monkeypatch):
    monkeypatch.setenv("QA_HOST", "0.0.0.0")
    monkeypatch.setenv("QA_PORT", "9001")
    args = app.parse_args([])
    assert (args.host, args.port) == ("0.0.0.0", 9001)
    args = app.parse_args(["--port", "9002", "--index", "/tmp/x"])
    assert (args.port, args.index) == (9002, "/tmp/x")


def test_missing_corpus_is_a_message_not_a_trace(tmp_path, capsys):
    code = app.main(["--corpus", str(tmp_path / "none"), "--index", str(tmp_path / "index")])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err and str(tmp_path / "none") in err.strip().splitlines()[-1]
