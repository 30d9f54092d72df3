"""Counts of units, staff and equipment in the narrative of real disclosures (../shared/wild).

Written from reading the pages before the fix:
* "行政编制269人,实有人数226人;事业编制18人,实有人数15人": each 实有人数 belongs to the
  编制 stated before it in the same item, never to a 编制 of an earlier item;
* "28个展区以及174台拼接屏", "3个直属单位分别为…", "10个派出所": a count written
  number + measure word + noun is named by that noun, not by the words before the number
  (a one-character noun, "购置5台车", names too little and keeps the words before).
"""

from __future__ import annotations

import re

import pytest

from qa.types import Fact
from tests.conftest import WILD
from tests.wild_docs import wild_facts

pytestmark = pytest.mark.skipif(not WILD.is_dir(), reason=f"wild corpus absent ({WILD})")


def text_facts(name: str) -> tuple[Fact, ...]:
    return tuple(f for f in wild_facts(name) if f.origin == "text")


def metrics_of(name: str, value: float, unit: str) -> set[str]:
    return {f.metric for f in text_facts(name) if abs(f.value - value) < 1e-9 and f.unit == unit}


# (document, value, unit, metric the count must have)
STAFF = [
    ("miyun-court-2020-final", 269, "人", "行政编制"),
    ("miyun-court-2020-final", 226, "人", "行政编制实有人数"),
    ("miyun-court-2020-final", 18, "人", "事业编制"),
    ("miyun-court-2020-final", 15, "人", "事业编制实有人数"),
    # "…事业编制32人;本部门2021年年末实有人数76人": another item, the unit's whole staff
    ("shangyou-sixia-town-2022-budget", 76, "人", "实有人数"),
    ("shangyou-sixia-town-2022-budget", 24, "人", "行政编制"),
]

NOUN_AFTER = [
    ("honghe-data-center-2024-perf-selfeval", 28, "个", "展区"),
    ("honghe-data-center-2024-perf-selfeval", 174, "台", "拼接屏"),
    ("honghe-data-center-2024-perf-selfeval", 30, "台", "主机工作站"),
    ("sanmen-psb-2020-final", 10, "个", "派出所"),
    ("sanmen-psb-2020-final", 27, "个", "内设机构数"),
    ("yueyang-forestry-2022-budget", 3, "个", "直属单位"),
    ("yueyang-forestry-2022-budget", 3, "个", "事业单位"),
    ("zhongxian-cppcc-2021-final", 7, "个", "专委会"),
    ("zhongxian-cppcc-2021-final", 3, "个", "内设机构数"),
]


@pytest.mark.parametrize("name,value,unit,metric", STAFF)
def test_staff_count_belongs_to_its_establishment(name, value, unit, metric):
    assert metric in metrics_of(name, value, unit)


def test_staff_count_of_another_item_stays_whole():
    assert "事业编制实有人数" not in {f.metric for f in text_facts("shangyou-sixia-town-2022-budget")}


@pytest.mark.parametrize("name,value,unit,metric", NOUN_AFTER)
def test_count_is_named_by_the_noun_after_its_measure(name, value, unit, metric):
    assert metric in metrics_of(name, value, unit)


def test_one_character_noun_keeps_the_words_before():
    found = metrics_of("echeng-district-2022-sangong-final", 8, "台")
    assert any("公安局" in m for m in found), found


@pytest.mark.parametrize("name", ["unnamed-kpsgaj-2022-sangong-budget", "duji-govoffice-2021-sangong-final"])
def test_reasons_carry_no_pinyin_gloss(name):
    """A mirror site's "執(zhí)行" is read as "執行" in a fact's reason, as in its names."""
    reasons = [f.reason for f in text_facts(name) if f.reason]
    assert reasons and not any(re.search(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", r) for r in reasons)
