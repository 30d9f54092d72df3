"""Every setting is documented in the README (datasette's test_docs idea)."""

from pathlib import Path

from qa.settings import SETTINGS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented():
    missing = [s.name for s in SETTINGS if f"`QA_{s.name.upper()}`" not in README]
    assert not missing, f"settings missing from README: {missing}"


def test_readme_starts_with_the_two_commands():
    block = README.split("```bash", 1)[1].split("```", 1)[0].strip().splitlines()
    assert "python app.py" in block[0]
    assert "pytest" in block[1]
