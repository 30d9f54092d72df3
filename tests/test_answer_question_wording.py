"""How a question's wording is read (issue #12, classes from fresh probe 7).

Everyday names of a metric (吃饭招待, 请客吃饭) are the metric; a pointing word inside a unit's
name (赫山区这个园区中心) is no part of it; 一共/总共 ask nothing of their own; a clause stating
a figure before the clause that asks (比上年下降2.82%，今年安排了多少) tells which figure is
meant and asks no change; the term a definition asks is the one right before its asking words.
Each class on two documents or two phrasings.
"""

from __future__ import annotations

import pytest

from qa.answer.question import clauses
from tests.answer_checks import assert_figure


@pytest.fixture(scope="module")
def wild(wild_answerer):
    return wild_answerer


def _cited(a) -> set[str]:
    return {c.doc for c in a.citations}


@pytest.mark.parametrize("question,doc,value", [
    ("区政协2017年请客吃饭的预算多少", "beita-cppcc-2017-budget", 11.8),
    ("区政协2017年吃饭招待预算多少", "beita-cppcc-2017-budget", 11.8),
    ("昌吉州人社局2023年吃饭招待花了多少钱？", "changji-hrss-bureau-2023-final-accounts", 0.38),
])
def test_an_everyday_name_of_hospitality_is_the_metric(wild, question, doc, value):
    assert_figure(wild.ask(question), value, doc)


@pytest.mark.parametrize("question,doc,value", [
    ("益阳赫山区这个园区中心人员编制几个人？", "heshan-unit-2022-perf-selfeval", 10),
    ("碌曲县那个公安局2020年收入总计多少", "luqu-psb-2020-final", 4114.6),
])
def test_a_pointing_word_inside_a_units_name_is_no_part_of_it(wild, question, doc, value):
    assert_figure(wild.ask(question), value, doc)


@pytest.mark.parametrize("question,doc,value", [
    ("忠县政协2021年一共收入多少", "zhongxian-cppcc-2021-final", 1342.42),
    ("寺下镇2022年的预算总共多少?", "shangyou-sixia-town-2022-budget", 7783.26),
])
def test_all_together_asks_nothing_of_its_own(wild, question, doc, value):
    assert_figure(wild.ask(question), value, doc)


def test_all_together_beside_a_kind_of_several_units_is_ambiguous(wild):
    assert wild.ask("镇政府2022年的预算资金一共多少?").status == "ambiguous"


def test_a_clause_stating_a_figure_tells_and_asks_nothing():
    assert clauses("本部门2022年三公经费预算比上年下降2.82%,今年安排了多少?") == [
        "本部门2022年三公经费预算比上年下降2.82%,今年安排了多少?"]
    assert clauses("三公经费决算多少？比上年增加多少？") == ["三公经费决算多少？", "比上年增加多少？"]


def test_a_clause_without_a_question_word_is_no_question_of_its_own():
    """A cue word alone (数量指标, 减少) asks nothing: the clause tells what the next one asks about."""
    assert clauses("有份项目自评表把科目调整次数作为数量指标，指标值是多少次以内？") == [
        "有份项目自评表把科目调整次数作为数量指标，指标值是多少次以内？"]
    assert clauses("鄂城区22年三公经费比21年多了还是少了，差多少") == ["鄂城区22年三公经费比21年多了还是少了，差多少"]


def test_a_telling_clause_brings_in_no_other_units_document(wild):
    a = wild.ask("有份项目自评表把“科目调整次数”作为数量指标，指标值是多少次以内？")
    assert a.status == "answered" and _cited(a) == {"daying-unnamed-perf-selfeval-fragment"}, a.answer
    assert a.value == pytest.approx(10), a.answer


@pytest.mark.parametrize("question,doc,value", [
    ("本部门2022年三公经费预算比上年下降2.82%,今年总共安排了多少?", "unnamed-kpsgaj-2022-sangong-budget", 502.4),
    ("区政协三公经费预算19.8万元，其中公务接待费多少", "beita-cppcc-2017-budget", 11.8),
])
def test_the_asked_figure_after_a_told_one_is_a_level_not_a_change(wild, question, doc, value):
    assert_figure(wild.ask(question), value, doc)


@pytest.mark.parametrize("question", [
    "项目支出绩效自评表中结余率是怎么计算的？（评价结论为及时、足额缴纳的那个项目）",
    "项目支出绩效自评表里的结余率计算公式是什么",
])
def test_the_term_defined_is_the_one_before_the_asking_words(wild, question):
    """Not the longer 项目支出 of another document's glossary: the term right before 怎么计算."""
    a = wild.ask(question)
    assert a.status == "answered" and _cited(a) == {"daying-unnamed-perf-selfeval-fragment"}, a.answer
    assert "结余数" in a.answer, a.answer


@pytest.mark.parametrize("question,doc,value", [
    ("昌吉州人社服务中心2025年在职几个人", "changji-hrss-center-2025-budget", 21),
    ("巴州人社局2024年退休几个人", "bayingol-hrss-bureau-2024-budget", 41),
    ("昌吉州人社局2022年有几名在职人员", "changji-hrss-bureau-2022-budget", 68),
])
def test_how_many_people_asks_the_head_count(wild, question, doc, value):
    """几个人 / 几名 are the question, not words of the metric (在职个人 was not found)."""
    assert_figure(wild.ask(question), value, doc)


@pytest.mark.parametrize("question,doc,value", [
    ("昌吉州人社服务中心编制25个，实际多少人？", "changji-hrss-center-2025-budget", 29),
    ("赫山区园区中心编制10人，2022年末实际在职几个人？", "heshan-unit-2022-perf-selfeval", 6),
    ("密云区法院行政编制269人，实有多少人？", "miyun-court-2020-final", 226),
])
def test_a_figure_the_question_states_is_not_its_answer(wild, question, doc, value):
    """编制25个 told, 实际多少人 asked: the head count, never the 25 echoed back."""
    assert_figure(wild.ask(question), value, doc)


@pytest.mark.parametrize("question", [
    "寺下镇2022年收入预算为什么比上年多了一千多个百分点？",
    "寺下镇2022年收入预算比上年增加了多少？原因是什么",
])
def test_a_numbered_reason_is_quoted_through_its_items(wild, question):
    """原因是:1、…;2、本年增加了其他资金预算7000万元。 — the second item is part of the reason
    (text_rules enumeration_mark, shared by the facts and the answer stage)."""
    a = wild.ask(question)
    assert a.status == "answered" and _cited(a) == {"shangyou-sixia-town-2022-budget"}, a.answer
    assert "人员增加" in a.answer and "7000万元" in a.answer, a.answer


@pytest.mark.parametrize("question,doc,words", [
    ("保健院2020年财政拨款收入为什么比2019年多了那么多？", "daying-mch-2020-final", ("抗疫特别国债", "住院楼")),
    ("闵行区教育局2020年因公出国费比上年减少了多少", "minhang-edu-2020-sangong-final", ("疫情",)),
])
def test_a_change_takes_the_reason_the_next_sentence_gives(wild, question, doc, words):
    """…增长50.28%。收入、支出变动较大的主要原因是…: the sentence after the statement, opening
    with words of its metric and its reason marker, is its reason (was: "no reason stated")."""
    a = wild.ask(question)
    assert a.status == "answered" and _cited(a) == {doc}, a.answer
    assert all(w in a.answer for w in words), a.answer


def test_a_leading_name_stands_before_a_year_not_before_a_figure():
    """国务院2024年… names a unit; 三公只有接待费2.05万元的… and 收支总计4125.49万元的… describe one."""
    from qa.answer.question import parse_question
    assert parse_question("国务院2024年三公经费").unknown_units == ["国务院"]
    assert "三公只有接待费" not in parse_question("三公只有接待费2.05万元的那个部门，2018年接待费为什么超了年初预算？").unknown_units
    assert "收支总计" not in parse_question("收支总计4125.49万元的那个单位，2022年支出总计多少").unknown_units


@pytest.mark.parametrize("question,doc", [
    ("三公只有接待费2.05万元的那个部门，2018年接待费为什么超了年初预算？", "hlx-unit-2018-sangong-final"),
    ("收支总计4125.49万元的那个单位，2022年支出总计多少", "daying-unit-2022-final"),
])
def test_a_unit_described_by_a_figure_it_states_is_that_documents(wild, question, doc):
    """那个部门/那个单位 with a quoted figure: the document naming no unit that states it, not
    another unnamed document that calls itself 我单位."""
    a = wild.ask(question)
    assert a.status == "answered" and _cited(a) == {doc}, a.answer


@pytest.mark.parametrize("question,opening", [
    ("这个单位2022年支出总计多少", "该单位2022年绩效自评中"),
    ("三公只有接待费2.05万元的那个部门，2018年接待费是多少", "该单位2018年三公经费决算中"),
])
def test_an_answer_names_an_unnamed_unit_and_its_kind_of_document(wild, question, opening):
    """Not "2022年中，…": a document naming no unit is 该单位's, and every kind of document has its name."""
    a = wild.ask(question)
    assert a.status == "answered" and a.answer.startswith(opening), a.answer


@pytest.mark.parametrize("question", [
    "昌吉州人社局2023年财政拨款决算和年初预算差了多少比例？",
    "昌吉州人社局2023年财政拨款决算和年初预算差了百分之多少",
])
def test_a_gap_asked_as_a_share_is_the_stated_variance_rate(wild, question):
    """差了多少比例 asks a rate (asked.json intent_patterns rate): the 预决算差异率 stated, not the amounts."""
    assert_figure(wild.ask(question), 28.7, "changji-hrss-bureau-2023-final-accounts")


@pytest.mark.parametrize("question", ["岳阳林业局今年预算比去年多了多少", "岳阳市林业局2022年预算比上年增加了多少"])
def test_a_budgets_change_may_be_stated_of_its_income(wild, question):
    """A budget balances: its money's change stated of 收入 only (收入较去年增加785.67万元) answers
    预算比去年多了多少 (questions.json document_totals: 收入总计 after 收支总预算 and 支出总计)."""
    assert_figure(wild.ask(question), 785.67, "yueyang-forestry-2022-budget")


@pytest.mark.parametrize("question,doc,value", [
    ("清水河街道今年出国（境）派了几个团组", "luohu-qingshuihe-street-2024-sangong-final", 2),
    ("凉山州今年三公经费决算多少", "liangshan-prefecture-2022-sangong-final", 8237.23),
    ("合肥市图书馆今年三公经费多少", "hefei-library-2021-sangong-final", 1.75),
])
def test_this_year_of_a_unit_with_only_a_final_account_is_the_year_it_reports(wild, question, doc, value):
    """今年 counts from the year a unit's newest disclosure speaks from (a 决算 the year after it),
    unless the unit has no disclosure of that year: then the year its 决算 reports."""
    assert_figure(wild.ask(question), value, doc)


@pytest.mark.parametrize("question,doc,value", [
    ("六安工商联2021年公务招待了几批？多少人", "luan-federation-2021-sangong-final", 8),
    ("昌吉州人社局2023年接待了多少批", "changji-hrss-bureau-2023-final-accounts", 4),
])
def test_how_many_batches_asks_the_count_of_visits(wild, question, doc, value):
    """几批 / 多少批 ask 批次 (questions.json colloquial_forms, count cues): never the 接待费 amount."""
    assert_figure(wild.ask(question), value, doc)


@pytest.mark.parametrize("question,doc,value", [
    ("合肥市图书馆三公完成率多少", "hefei-library-2021-sangong-final", 57.38),
    ("广东省财政厅2023年三公经费完成率", "guangdong-finance-2023-sangong-final", 73.2),
])
def test_a_completion_rate_asks_the_execution_rate(wild, question, doc, value):
    assert_figure(wild.ask(question), value, doc)


@pytest.mark.parametrize("question,doc,words", [
    ("凉山州公车费用为什么比预算高", "liangshan-prefecture-2022-sangong-final", ("护林防火",)),
    ("凉山州公务接待费为什么比预算低", "liangshan-prefecture-2022-sangong-final", ("过紧日子",)),
])
def test_why_above_or_below_the_budget_quotes_the_reason_against_the_budget(wild, question, doc, words):
    """比预算高 / 比预算低 ask the reason against the budget (reason_topics), not last year's change."""
    a = wild.ask(question)
    assert a.status == "answered" and _cited(a) == {doc} and all(w in a.answer for w in words), a.answer


@pytest.mark.parametrize("question,docs", [
    ("政协收入总共多少钱", {"beita-cppcc-2017-budget", "zhongxian-cppcc-2021-final"}),
    ("保健院收入多少", {"daying-mch-2020-final"}),
])
def test_a_kind_opening_the_question_is_its_unit_whatever_follows(wild, question, docs):
    """政协收入…: a kind of unit first in the question names the unit (was: no unit, and a
    kindergarten's 收入 answered)."""
    a = wild.ask(question)
    if len(docs) > 1:
        assert a.status == "ambiguous", a.answer
        assert set(a.candidates) == {wild.catalog.get(d).label for d in docs}, a.candidates
    else:
        assert a.status == "answered" and _cited(a) == docs, a.answer


def test_five_characters_a_question_quotes_pick_the_one_document_saying_them(wild):
    """足额保障率、按时发放率 (five characters each, resolve.PHRASE_CHARS) are said by one document
    only: a question quoting them and naming no unit is about that document, not another's form."""
    for question in ("那张自评表里足额保障率、按时发放率这些指标每项分值是几分？", "按时发放率的指标值是多少"):
        a = wild.ask(question)
        assert _cited(a) == {"daying-unnamed-perf-selfeval-fragment"}, a.answer


@pytest.mark.parametrize("question,value", [("西夏区2021年房产税收了多少", 3800), ("西夏区2021年增值税实际收了多少", 17585)])
def test_collected_asks_the_completed_column(wild, question, value):
    """收了多少 (questions.json periods: 决算数) is the 完成数 of the year, not its 预算数."""
    assert_figure(wild.ask(question), value, "xixia-district-2022-budget-tables")


@pytest.mark.parametrize("question", [
    "游仙区政府办和宣州区审计局哪个三公经费预算多",
    "游仙区政府办和宣州区审计局的三公经费预算哪个多",
])
def test_two_units_joined_by_and_are_two_sides(wild, question):
    """和 after a name's ending (办和宣州区…) starts the second unit (was one unknown unit
    游仙区政府办和宣州, refused)."""
    a = wild.ask(question)
    assert a.status == "answered", a.answer
    assert _cited(a) == {"youxian-govoffice-2022-sangong-budget", "xuanzhou-audit-2018-sangong-budget"}, a.answer
    assert a.value == pytest.approx(5.9)


def test_a_piece_of_a_metrics_name_picks_no_document(wild):
    """公经费预算 (of 三公经费预算) is no phrase of one document: 本部门 stays ambiguous."""
    assert wild.ask("本部门三公经费预算是多少？").status == "ambiguous"


@pytest.mark.parametrize("question,doc,first", [
    ("寺下镇2022年部门预算公开了哪些预算表？", "shangyou-sixia-town-2022-budget", "收支预算总表"),
    ("昌吉州人社局2023年决算公开了哪些决算表", "changji-hrss-bureau-2023-final-accounts", "收入支出决算总表"),
])
def test_which_budget_tables_lists_the_documents_own_tables(wild, question, doc, first):
    """哪些预算表 / 哪些决算表 ask the document's list of tables (一、《收支预算总表》…: outline
    kinds, the label allowing 》), before any total's parts."""
    a = wild.ask(question)
    assert a.status == "answered" and _cited(a) == {doc}, a.answer
    assert first in a.answer and "共" in a.answer, a.answer


@pytest.mark.parametrize("question,doc,value", [
    ("鄂州市机关事务服务中心大楼项目 水电气、维修维护费测算多少？2021年实际执行了多少？", "ezhou-2022-project-perf-targets", 524),
    ("区政协2017年三公经费预算多少？2016年决算是多少？", "beita-cppcc-2017-budget", 19.8),
])
def test_a_compound_question_answers_the_clause_it_can(wild, question, doc, value):
    """One clause's figure stated, the other's not (no 2021 / 2016 document): the figure, and
    what is not found said after it (was: the whole refused)."""
    a = wild.ask(question)
    assert a.status == "answered" and _cited(a) == {doc} and a.value == pytest.approx(value), a.answer
    assert "没有" in a.answer, a.answer


@pytest.mark.parametrize("question,doc,figures", [
    ("密云区法院行政编制多少，实有多少人", "miyun-court-2020-final", ("269", "226")),
    ("天水市幼儿园编制多少人，实际教职工几个", "tianshui-kindergarten-2017-final", ("71", "62")),
])
def test_a_question_asking_two_figures_states_both_and_heads_neither(wild, question, doc, figures):
    """编制多少，实有多少: two figures asked, both stated in order; no one of them is the headline
    value (answerer._headline), which a figure asked with its reason keeps."""
    a = wild.ask(question)
    assert a.status == "answered" and a.value is None and _cited(a) == {doc}, a.answer
    assert a.answer.index(figures[0]) < a.answer.index(figures[1]), a.answer
