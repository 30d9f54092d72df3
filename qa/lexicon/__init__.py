"""Domain knowledge as data: metric names and aliases, classification codes, units,
issuer aliases and section patterns live in the JSON files beside this module.

They describe the domain (政府收支分类科目, 经济分类, the standard disclosure
sections), never particular questions or documents.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).parent


@cache
def load(name: str):
    """Parsed content of `qa/lexicon/<name>.json` (cached; treat as read-only)."""
    path = LEXICON_DIR / f"{name}.json"
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def contractions() -> dict[str, str]:
    """Long form -> its standard short form (收入支出 -> 收支, 公务用车 -> 公车), from
    metrics.json `contractions`; empty when the file has none."""
    table = load("metrics").get("contractions", {})
    return {k: v for k, v in table.items() if not k.startswith("_") and isinstance(v, str)}


def fingerprint() -> str:
    """Hash of every lexicon file: facts read with other domain words must be read again."""
    h = hashlib.sha256()
    for path in sorted(LEXICON_DIR.glob("*.json")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()
