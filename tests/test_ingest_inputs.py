"""Ingest on files built in tmp_path: bad inputs, encodings, and disclosures of departments,
regions and years the corpus does not have (the rules must not be tuned to five files)."""

from __future__ import annotations

import pytest

from qa.errors import DocumentError
from qa.ingest import load_document
from qa.ingest.metadata import normalize_issuer

HAMI_2026 = """哈密市教育局
2026年部门预算公开

第一部分 部门概况
一、主要职能
负责全市教育工作。
第二部分 2026年部门预算公开表
表1
财政拨款“三公”经费支出情况表
编制部门：哈密市教育局    单位：万元
项目\t合计\t一般公共预算
※\t1\t2
合计\t5.50\t5.50
公务接待费\t1,200.00\t1,200.00
第三部分 2026年部门预算情况说明
一、关于哈密市教育局2026年“三公”经费预算情况说明
2026年“三公”经费预算5.50万元，比上年减少0.50万元，主要原因是严格控制公务用
车运行费用。
其中公务接待费1,200.00元。
"""


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def assert_refused(path, words: str):
    with pytest.raises(DocumentError) as err:
        load_document(path)
    assert path.name in str(err.value) and words in err.value.reason


def test_empty_file(tmp_path):
    assert_refused(write(tmp_path, "empty.txt", b""), "为空")
    assert_refused(write(tmp_path, "blank.txt", b"\n \n\t\n"), "为空")


def test_binary_file(tmp_path):
    assert_refused(write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20), "二进制")


def test_undecodable_file(tmp_path):
    assert_refused(write(tmp_path, "noise.txt", bytes(range(0x80, 0x100)) * 4), "编码")


def test_missing_file(tmp_path):
    assert_refused(tmp_path / "absent.txt", "无法打开")


def test_oversized_file(tmp_path, monkeypatch):
    path = write(tmp_path, "big.txt", HAMI_2026.encode("utf-8"))
    assert load_document(path).year == 2026
    monkeypatch.setenv("QA_MAX_FILE_MB", "0")
    assert_refused(path, "超过上限")


def test_text_without_a_disclosure(tmp_path):
    text = "今天天气很好。\n我们去公园散步，看到很多人在锻炼身体。\n"
    assert_refused(write(tmp_path, "diary.txt", text.encode("utf-8")), "未识别")


def _check_hami(doc):
    assert (doc.issuer, doc.region, doc.year, doc.doc_type) == ("哈密市教育局", "哈密市", 2026, "budget")
    assert doc.title == "哈密市教育局2026年部门预算公开"
    (t,) = doc.tables
    assert (t.number, t.title, t.unit) == ("表1", "财政拨款“三公”经费支出情况表", "万元")
    assert t.header == (("项目", "合计", "一般公共预算"), ("※", "1", "2"))
    assert t.rows == (("合计", "5.50", "5.50"), ("公务接待费", "1,200.00", "1,200.00"))
    assert t.row_lines == (13, 14)
    assert doc.section_at(14) == ("第二部分 2026年部门预算公开表", "表1 财政拨款“三公”经费支出情况表")
    assert doc.lines[0] == "哈密市教育局"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.txt", HAMI_2026.encode("utf-8")),
        ("bom.txt", b"\xef\xbb\xbf" + HAMI_2026.encode("utf-8")),
        ("gbk.txt", HAMI_2026.encode("gbk")),
        ("gb18030.txt", HAMI_2026.encode("gb18030")),
        ("crlf.txt", HAMI_2026.replace("\n", "\r\n").encode("utf-8")),
    ],
)
def test_encodings_and_line_ends(tmp_path, name, data):
    _check_hami(load_document(write(tmp_path, name, data)))


def test_doc_id_defaults_to_stem(tmp_path):
    path = write(tmp_path, "hami-edu-2026-budget.txt", HAMI_2026.encode("utf-8"))
    assert load_document(path).doc_id == "hami-edu-2026-budget"
    assert load_document(path, doc_id="x").doc_id == "x"


def test_unwrapped_narrative_cut_lines(tmp_path):
    doc = load_document(write(tmp_path, "hami.txt", HAMI_2026.encode("utf-8")))
    p = [x for x in doc.paragraphs if "5.50万元" in x.text][0]
    assert p.section[-1] == "一、关于哈密市教育局2026年“三公”经费预算情况说明"
    assert (p.line_start, p.line_end) == (17, 18)
    assert "严格控制公务用车运行费用。" in p.text and p.line_at(p.text.index("车运行")) == 18
    assert [x.line_start for x in doc.paragraphs if "其中公务接待费" in x.text] == [19]


YILI_FINAL = """伊犁州卫健委
2024 年度部门决算公开

# 目录
## 第一部分 单位概况
## 第二部分 部门决算表

## 第一部分 单位概况
### 一、主要职能
负责全州卫生健康工作。
## 第二部分 部门决算表
表 7
### 财政拨款“三公”经费支出决算表
编制单位：伊犁州卫生健康委员会
单位:元
<table>
<tr><th>项目</th><th colspan="2">决算数</th></tr>
<tr><td rowspan="2">公务用车</td><td>购置费</td><td>0.00</td></tr>
<tr><td>运行费</td><td>12,345.60</td></tr>
<tr><td>公务接待费</td><td>800.00</td><td></td></tr>
</table>
"""


def test_html_table_and_alias_normalisation(tmp_path):
    doc = load_document(write(tmp_path, "yili.txt", YILI_FINAL.encode("utf-8")))
    assert (doc.issuer, doc.region) == ("伊犁哈萨克自治州卫生健康委员会", "伊犁哈萨克自治州")
    assert (doc.year, doc.doc_type) == (2024, "final_accounts")
    assert doc.title == "伊犁哈萨克自治州卫生健康委员会2024年度部门决算公开"
    (t,) = doc.tables
    assert (t.number, t.title, t.unit) == ("表7", "财政拨款“三公”经费支出决算表", "元")
    assert t.header == (("项目", "决算数", ""),)
    assert t.rows == (
        ("公务用车", "购置费", "0.00"),
        ("", "运行费", "12,345.60"),
        ("公务接待费", "800.00", ""),
    )
    assert t.row_lines == (18, 19, 20)
    assert [s.path for s in doc.sections][:2] == [("目录",), ("第一部分 单位概况",)]


CELLS_TARGETS = """项  目  支  出  绩  效  目  标  表
（2023年度）

\t预算单位
\t克州人力资源和社会保障局

\t一级指标
\t二级指标
\t三级指标
\t指标值

\t产出指标
\t数量指标
\t培训人数
\t>=300人

\t
\t时效指标
\t完成时间
\t2023年12月31日
"""


def test_one_cell_per_line_performance_targets(tmp_path):
    doc = load_document(write(tmp_path, "kezhou.txt", CELLS_TARGETS.encode("utf-8")))
    assert (doc.doc_type, doc.year, doc.region) == ("performance_targets", 2023, "克孜勒苏柯尔克孜自治州")
    assert doc.issuer == "克孜勒苏柯尔克孜自治州人力资源和社会保障局"
    (t,) = doc.tables
    assert t.title == "项目支出绩效目标表"
    assert t.rows[-2:] == (
        ("产出指标", "数量指标", "培训人数", ">=300人"),
        ("", "时效指标", "完成时间", "2023年12月31日"),
    )


@pytest.mark.parametrize(
    ("written", "issuer", "region"),
    [
        ("昌吉州人社局", "昌吉回族自治州人力资源和社会保障局", "昌吉回族自治州"),
        ("新疆巴州人力资源和社会保障局", "巴音郭楞蒙古自治州人力资源和社会保障局", "巴音郭楞蒙古自治州"),
        (
            "巴音郭楞蒙古自治州人力资源和社会保障局",
            "巴音郭楞蒙古自治州人力资源和社会保障局",
            "巴音郭楞蒙古自治州",
        ),
        ("昌吉市人力资源和社会保障局", "昌吉市人力资源和社会保障局", ""),  # a city, not the prefecture 昌吉州
    ],
)
def test_issuer_aliases(written, issuer, region):
    assert normalize_issuer(written) == (issuer, region)
