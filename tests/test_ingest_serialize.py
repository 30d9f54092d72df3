"""The JSON form of a Document: contract shape for `qa inspect` and an exact round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest import document_from_dict, document_to_dict, load_document
from qa.ingest.normalize import clean_cell, normalize_for_match, parse_number

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_round_trip_through_json(path):
    doc = load_document(path)
    d = json.loads(json.dumps(document_to_dict(doc), ensure_ascii=False))
    assert document_from_dict(d) == doc


def test_inspect_contract_shape():
    d = document_to_dict(load_document(CORPUS / "changji-hrss-center-2025-budget.txt"))
    assert {"doc", "title", "issuer", "region", "year", "doc_type", "sections", "tables"} <= set(d)
    assert d["doc"] == "changji-hrss-center-2025-budget" and d["year"] == 2025
    assert {"path", "line_start", "line_end"} <= set(d["sections"][0])
    (t,) = [t for t in d["tables"] if t["number"] == "表10"]
    assert {"number", "title", "line_start", "line_end", "unit", "header", "rows"} <= set(t)
    assert t["rows"][0] == ["合计", "2.28", "2.28", "", ""]
    assert t["label"] == "表10 财政拨款“三公”经费支出情况表"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,583.14", 1583.14),
        ("<b>2.28</b>", 2.28),
        ("１２.５%", 12.5),
        ("-3", -3.0),
        ("0", 0.0),
        (" 45.77 ", 45.77),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "2025年", "1,2,3", "=9辆", "合计", "1.2.3"])
def test_parse_number_refuses_non_numbers(text):
    assert parse_number(text) is None


def test_normalize_for_match():
    assert normalize_for_match("785.85 万元") == normalize_for_match("７８５.８５万元") == "785.85万元"
    assert normalize_for_match("> =90%") == ">=90%"
    assert normalize_for_match("因公出国（境）费") == "因公出国(境)费"
    assert normalize_for_match("**一、** 财政拨款") == "一、财政拨款"


def test_clean_cell():
    assert clean_cell("收  入  总  计") == "收入总计"
    assert clean_cell("　") == ""
    assert clean_cell("<b>201 一般公共服务支出</b>") == "201 一般公共服务支出"
