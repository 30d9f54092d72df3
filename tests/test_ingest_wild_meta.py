"""Metadata and document kind of real disclosures from 16 provinces (../shared/wild/): every
file loads; issuer (empty where the text names no unit), region, year and kind are read
from the content by general rules. The expected values below are facts about each file."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.ingest import load_document
from tests.conftest import WILD

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

# id: (issuer, region, year, kind)
EXPECTED = {
    "beita-cppcc-2017-budget": ("区政协", "", 2017, "budget"),
    "daying-justice-2023-project-perf-selfeval": ("大英县司法局", "大英县", 2023, "performance_self_evaluation"),
    "daying-mch-2020-final": ("", "", 2020, "final_accounts"),
    "daying-unit-2022-final": ("", "", 2022, "final_accounts"),
    "daying-unnamed-perf-selfeval-fragment": ("", "", None, "performance_self_evaluation"),
    "duji-govoffice-2021-sangong-final": ("杜集区政府办", "杜集区", 2021, "sangong_final_accounts"),
    "echeng-district-2022-sangong-final": ("鄂城区", "鄂城区", 2022, "sangong_final_accounts"),
    "ezhou-2022-project-perf-targets": ("鄂州市", "鄂州市", 2022, "performance_targets"),
    "fengdu-psb-2021-final": ("重庆市丰都县公安局", "丰都县", 2021, "final_accounts"),
    "fuling-town-2024-sangong-budget": ("", "", 2024, "sangong_budget"),
    "guangdong-finance-2023-sangong-final": ("广东省财政厅", "广东省", 2023, "sangong_final_accounts"),
    "hefei-library-2021-sangong-final": ("合肥市图书馆", "合肥市", 2021, "sangong_final_accounts"),
    "heshan-unit-2022-perf-selfeval": ("", "", 2022, "performance_self_evaluation"),
    "hlx-unit-2018-sangong-final": ("", "", 2018, "sangong_final_accounts"),
    "honghe-county-2021-sangong-final": ("红河县", "红河县", 2021, "sangong_final_accounts"),
    "honghe-data-center-2024-perf-selfeval": (
        "红河州数据发展中心", "红河哈尼族彝族自治州", 2024, "performance_self_evaluation"),
    "hunan-procuratorate-2017-perf-eval": ("湖南省人民检察院", "湖南省", 2017, "performance_evaluation"),
    "liangping-tiantai-school-2024-budget": ("重庆市梁平区明达镇天台完全小学", "明达镇", 2024, "budget"),
    "liangshan-prefecture-2022-sangong-final": ("凉山州", "凉山彝族自治州", 2022, "sangong_final_accounts"),
    "luan-federation-2021-sangong-final": ("六安市工商业联合会", "六安市", 2021, "sangong_final_accounts"),
    "luohu-qingshuihe-street-2024-sangong-final": (
        "深圳市罗湖区清水河街道办事处", "清水河街道", 2024, "sangong_final_accounts"),
    "luqu-psb-2020-final": ("碌曲县公安局", "碌曲县", 2020, "final_accounts"),
    "minhang-edu-2020-sangong-final": ("上海市闵行区教育局", "闵行区", 2020, "sangong_final_accounts"),
    "miyun-court-2020-final": ("北京市密云区人民法院", "密云区", 2020, "final_accounts"),
    "ningxiang-batang-town-2021-project-perf-targets": (
        "宁乡市坝塘镇人民政府", "坝塘镇", 2021, "performance_targets"),
    "qujiang-district-2016-sangong-final": ("衢江区", "衢江区", 2016, "sangong_final_accounts"),
    "sanmen-psb-2020-final": ("浙江省台州市三门县公安局", "三门县", 2020, "final_accounts"),
    "shandong-polytechnic-2021-procurement-final": ("山东科技职业学院", "山东省", 2021, "procurement"),
    "shangyou-sixia-town-2022-budget": ("上犹县寺下镇人民政府", "寺下镇", 2022, "budget"),
    "tangxi-town-2022-project-perf-selfeval": (
        "池州市贵池区棠溪镇人民政府", "棠溪镇", 2022, "performance_self_evaluation"),
    "tianshui-kindergarten-2017-final": ("天水市幼儿园", "天水市", 2017, "final_accounts"),
    "unnamed-city-unit-2019-sangong-budget": ("", "", 2019, "sangong_budget"),
    "unnamed-kpsgaj-2022-sangong-budget": ("", "", 2022, "sangong_budget"),
    "xixia-district-2022-budget-tables": ("西夏区财政局", "西夏区", 2022, "government_budget"),
    "xuanzhou-audit-2018-sangong-budget": ("宣州区审计局", "宣州区", 2018, "sangong_budget"),
    "youxian-govoffice-2022-sangong-budget": ("游仙区政府办", "游仙区", 2022, "sangong_budget"),
    "yueyang-forestry-2022-budget": ("岳阳市林业局", "岳阳市", 2022, "budget"),
    "zhanjiang-propaganda-2017-sangong": ("湛江市委宣传部", "湛江市", 2017, "sangong"),
    "zhenhai-longsai-hospital-2021-final": ("浙江省宁波市镇海龙赛医院", "镇海区", 2021, "final_accounts"),
    # The text names its unit with the place inside: 其中政协忠县委员会办公室内设3个科室.
    "zhongxian-cppcc-2021-final": ("政协忠县委员会办公室", "忠县", 2021, "final_accounts"),
}

needs_wild = pytest.mark.skipif(not WILD.is_dir(), reason=f"wild documents not present at {WILD}")


@needs_wild
def test_the_table_covers_every_wild_file():
    assert {p.stem for p in WILD.glob("*.txt")} == set(EXPECTED)


@needs_wild
@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_wild_metadata(doc_id):
    doc = load_document(WILD / f"{doc_id}.txt")
    assert (doc.issuer, doc.region, doc.year, doc.doc_type) == EXPECTED[doc_id]


SEEDS = {
    "bayingol-hrss-bureau-2022-performance-targets": (
        "巴音郭楞蒙古自治州人力资源和社会保障局2022年部门（单位）整体支出绩效目标表",
        "巴音郭楞蒙古自治州人力资源和社会保障局", "巴音郭楞蒙古自治州", 2022, "performance_targets"),
    "bayingol-hrss-bureau-2024-budget": (
        "巴音郭楞蒙古自治州人力资源和社会保障局2024年单位预算公开",
        "巴音郭楞蒙古自治州人力资源和社会保障局", "巴音郭楞蒙古自治州", 2024, "budget"),
    "changji-hrss-bureau-2022-budget": (
        "昌吉回族自治州人力资源和社会保障局2022年部门预算公开",
        "昌吉回族自治州人力资源和社会保障局", "昌吉回族自治州", 2022, "budget"),
    "changji-hrss-bureau-2023-final-accounts": (
        "昌吉回族自治州人力资源和社会保障局2023年度部门决算公开说明",
        "昌吉回族自治州人力资源和社会保障局", "昌吉回族自治州", 2023, "final_accounts"),
    "changji-hrss-center-2025-budget": (
        "昌吉回族自治州人力资源和社会保障服务中心2025年部门预算公开",
        "昌吉回族自治州人力资源和社会保障服务中心", "昌吉回族自治州", 2025, "budget"),
}


@pytest.mark.parametrize("doc_id", sorted(SEEDS))
def test_seed_documents_keep_their_metadata(doc_id):
    doc = load_document(CORPUS / f"{doc_id}.txt")
    assert (doc.title, doc.issuer, doc.region, doc.year, doc.doc_type) == SEEDS[doc_id]


@needs_wild
@pytest.mark.parametrize(
    ("doc_id", "how"),
    [
        ("luan-federation-2021-sangong-final", "title"),
        ("tangxi-town-2022-project-perf-selfeval", "label"),
        ("miyun-court-2020-final", "first_sentence"),
        ("beita-cppcc-2017-budget", "composition"),
        ("hlx-unit-2018-sangong-final", "none"),
        ("zhongxian-cppcc-2021-final", "inverted_name"),
    ],
)
def test_how_the_issuer_was_found(doc_id, how):
    assert dict(load_document(WILD / f"{doc_id}.txt").found_by)["issuer"] == how


@needs_wild
@pytest.mark.parametrize(
    ("doc_id", "path"),
    [
        ("luohu-qingshuihe-street-2024-sangong-final", ("广东省", "深圳市", "罗湖区", "清水河街道")),
        ("liangshan-prefecture-2022-sangong-final", ("四川省", "凉山彝族自治州")),
        ("heshan-unit-2022-perf-selfeval", ()),
    ],
)
def test_region_path(doc_id, path):
    assert load_document(WILD / f"{doc_id}.txt").region_path == path


@needs_wild
@pytest.mark.parametrize("doc_id", ["hefei-library-2021-sangong-final", "fengdu-psb-2021-final",
                                    "liangping-tiantai-school-2024-budget", "beita-cppcc-2017-budget",
                                    "daying-justice-2023-project-perf-selfeval"])
def test_titles_are_one_heading_never_a_table_or_a_page(doc_id):
    doc = load_document(WILD / f"{doc_id}.txt")
    assert len(doc.title) <= 80 and "|" not in doc.title and "\n" not in doc.title
    assert "。" not in doc.title and "[" not in doc.title


def test_scope_and_org_level(tmp_path):
    text = "2021年某县本级“三公”经费决算情况说明\n2021年红河县本级“三公”经费支出1,115.07万元。\n"
    path = tmp_path / "x.txt"
    path.write_text(text.replace("某县", "绿春县"), encoding="utf-8")
    doc = load_document(path)
    assert (doc.issuer, doc.region, doc.scope, doc.doc_type) == ("绿春县", "绿春县", "本级", "sangong_final_accounts")


def test_a_unit_never_named_stays_empty(tmp_path):
    path = tmp_path / "y.txt"
    path.write_text("一、“三公”经费安排情况\n2023年本单位财政拨款安排“三公”经费12.5万元，我镇严格控制。\n", encoding="utf-8")
    doc = load_document(path)
    assert (doc.issuer, doc.region, doc.doc_type) == ("", "", "sangong_budget")
