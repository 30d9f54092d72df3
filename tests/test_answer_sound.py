"""Homophone folding (qa.answer.sound): typed-by-pinyin typos compare equal, others do not."""

from qa.answer.sound import fold


def test_homophones_fold_together_and_keep_length():
    assert fold("差旅废") == fold("差旅费")
    assert fold("公务接代费") == fold("公务接待费")
    assert len(fold("住房公基金2024")) == len("住房公基金2024")
    assert fold("2024年")[:4] == "2024"


def test_different_sounds_stay_apart():
    assert fold("差旅费") != fold("培训费")
    assert fold("差路费") != fold("差旅费")
