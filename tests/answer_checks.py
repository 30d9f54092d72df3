"""Checks shared by the answer tests: an answered figure, its unit and the documents it cites."""

from __future__ import annotations


def assert_figure(a, value: float, doc: str, unit: str | None = None) -> None:
    """`a` answers `value` (in `unit`, when given) citing only document `doc`."""
    assert a.status == "answered", (a.status, a.answer)
    assert a.value is not None and abs(a.value - value) < 1e-6, (a.value, a.answer)
    if unit is not None:
        assert (a.unit or "") == unit, (a.unit, a.answer)
    assert a.citations and all(c.doc == doc for c in a.citations), [c.doc for c in a.citations]
