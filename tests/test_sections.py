"""Issue 17: structured abstracts in text formats. The labelled form (``OBJECTIVE:``,
``Objective.``, ``【目的】``, ``目的：``) is read as section headings in both languages and each
writer writes it back the way its format carries it. Inputs written for these tests."""

from __future__ import annotations

import json

import pytest

import normaliser
from normaliser import sections, vocab
from normaliser.record import Prose, Record, Text


def structured(*paragraphs: str, lang: str = "en") -> Prose:
    return sections.structure(Prose(tuple(Text(p, lang) for p in paragraphs)))


def shape(prose: Prose) -> list[tuple[str | None, list[str]]]:
    return [(t and t.value, [p.value for p in ps]) for t, ps in prose.sections]


def test_capitals_inline_in_one_paragraph() -> None:
    prose = structured(
        "OBJECTIVE: To analyze the effect of tai chi on balance in older adults. "
        "METHODS: 120 participants were randomised. RESULTS: Falls fell by 31%. "
        "CONCLUSIONS: Tai chi improves balance."
    )
    assert shape(prose) == [
        ("OBJECTIVE", ["To analyze the effect of tai chi on balance in older adults."]),
        ("METHODS", ["120 participants were randomised."]),
        ("RESULTS", ["Falls fell by 31%."]),
        ("CONCLUSIONS", ["Tai chi improves balance."]),
    ]


def test_full_stop_and_plural_forms_each_paragraph() -> None:
    prose = structured(
        "Objectives: To compare two dosing regimens.",
        "Method. A crossover trial in 48 patients: each received both regimens.",
    )
    assert shape(prose) == [
        ("Objectives", ["To compare two dosing regimens."]),
        ("Method", ["A crossover trial in 48 patients: each received both regimens."]),
    ]


@pytest.mark.parametrize(
    "value",
    [
        "【目的】探讨针刺对失眠的疗效。【方法】纳入患者60例。【结果】有效率83%。【结论】针刺有效。",
        "目的：探讨针刺对失眠的疗效。方法：纳入患者60例。结果：有效率83%。结论：针刺有效。",
    ],
)
def test_chinese_headings(value: str) -> None:
    prose = structured(value, lang="zh-Hans")
    assert [t and t.value.rstrip("：") for t, _ in prose.sections] == [
        "目的",
        "方法",
        "结果",
        "结论",
    ]
    # Written back in the source's form: 【目的】… or 目的：…
    assert "".join(p.value for p in sections.written(prose)) == value


@pytest.mark.parametrize(
    "value",
    [
        "Note: this abstract was translated by the editors.",
        "Highlights: a new method for rice blast detection.",
        "We used two methods: a survey and interviews. Results: none here.",
        "objective: lower-case words are running text.",
    ],
)
def test_a_word_and_a_colon_that_is_no_heading_stays_plain(value: str) -> None:
    prose = structured(value)
    assert not prose.headings and prose.paragraphs[0].value == value


def test_the_known_headings_are_one_vocabulary_in_both_languages() -> None:
    assert vocab.label("abstract-section", "objective", "zh_Hans") == "目的"
    assert vocab.label("abstract-section", "conclusions", "zh_Hant") == "結論"
    assert sections.heading_code("Materials and Methods") == "methods"
    assert sections.heading_code("研究结果") == "results"


AGGREGATOR = {
    "title": "Tai chi and balance in older adults",
    "abstract": "<p>OBJECTIVE: To analyze the effect of tai chi on balance. METHODS: 120"
    " participants were randomised.</p><p>RESULTS: Falls fell by 31%.</p>",
    "AbstractTextCN": "【目的】探讨太极拳对老年人平衡能力的影响。【方法】随机分组120例。",
    "doi": "10.1000/taichi.2024.001",
}


def test_aggregator_abstract_sections_both_ways() -> None:
    [record] = normaliser.read(json.dumps(AGGREGATOR).encode(), "aggregator")
    english, chinese = record.abstracts
    assert [h.title.value for h in english.headings] == ["OBJECTIVE", "METHODS", "RESULTS"]
    assert [h.title.value for h in chinese.headings] == ["目的", "方法"]
    written = json.loads(normaliser.write(record, "aggregator"))
    written = written[0] if isinstance(written, list) else written
    assert written["abstract"].startswith("<p>OBJECTIVE: To analyze")
    assert "<p>【方法】随机分组120例。</p>" in written["AbstractTextCN"]
    [again] = normaliser.read(normaliser.write(record, "aggregator").encode(), "aggregator")
    assert again.abstracts == record.abstracts


RIS = """TY  - JOUR
TI  - 针刺治疗原发性失眠的临床观察
AU  - 王晓燕
T2  - 中国针灸
PY  - 2023
AB  - 【目的】观察针刺治疗原发性失眠的疗效。【方法】将60例患者随机分为两组。【结果】有效率83.3%。
ER  -\x20
"""

NOTEEXPRESS = """{Reference Type}: Journal Article
{Title}: 针刺治疗原发性失眠的临床观察
{Author}: 王晓燕;
{Journal}: 中国针灸
{Year}: 2023
{Abstract}: 目的：观察针刺治疗原发性失眠的疗效。(#br)方法：将60例患者随机分为两组。
{Translated Abstract}: Objective: To observe the effect of acupuncture. Methods: Sixty patients.
"""

CNKI = """SrcDatabase-来源库: 期刊
Title-题名: 针刺治疗原发性失眠的临床观察
Author-作者: 王晓燕;
Source-文献来源: 中国针灸
Summary-摘要: <正>【目的】观察针刺治疗原发性失眠的疗效。【方法】将60例患者随机分为两组。
Year-年: 2023
"""

DC = """<?xml version="1.0" encoding="UTF-8"?>
<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
 <dc:title xml:lang="en">Acupuncture for primary insomnia</dc:title>
 <dc:description xml:lang="en">Background: Insomnia is common.

Aims: To observe the effect of acupuncture. Results: Sleep improved.</dc:description>
 <dc:identifier>https://doi.org/10.1000/ins.2023.7</dc:identifier>
</oai_dc:dc>
"""


def read_one(data: str, fmt: str) -> Record:
    [record] = normaliser.read(data.encode("utf-8"), fmt)
    return record


@pytest.mark.parametrize(
    ("data", "fmt", "expected"),
    [
        (RIS, "ris", ["目的", "方法", "结果"]),
        (NOTEEXPRESS, "noteexpress", ["目的：", "方法："]),
        (DC, "dc", ["Background", "Aims", "Results"]),
    ],
)
def test_text_formats_read_and_write_sections(data: str, fmt: str, expected: list[str]) -> None:
    record = read_one(data, fmt)
    assert [h.title.value for h in record.abstracts[0].headings] == expected
    again = read_one(normaliser.write(record, fmt), fmt)
    assert again.abstracts == record.abstracts


def test_noteexpress_translated_abstract_and_cnki_export() -> None:
    record = read_one(NOTEEXPRESS, "noteexpress")
    assert [h.title.value for h in record.abstracts[1].headings] == ["Objective", "Methods"]
    written = normaliser.write(record, "noteexpress")
    assert "{Abstract}: 目的：观察" in written and "(#br)方法：将60例" in written
    cnki = read_one(CNKI, "cnki")
    assert [h.title.value for h in cnki.abstracts[0].headings] == ["目的", "方法"]


# --- Issue 17 audit: the forms and languages the tests above leave out -----------------------

RIS_ENGLISH = """TY  - JOUR
TI  - Acupuncture for primary insomnia: a randomised controlled trial
AU  - Wang, Xiaoyan
T2  - Chinese Acupuncture & Moxibustion
PY  - 2023
AB  - OBJECTIVE: To observe the effect of acupuncture on primary insomnia. METHODS: Sixty \
patients were randomised into two groups. RESULTS: The effective rate was 83.3%. CONCLUSION: \
Acupuncture improves sleep quality.
ER  -\x20
"""


def test_ris_english_capital_headings_are_read_and_written_back() -> None:
    record = read_one(RIS_ENGLISH, "ris")
    [abstract] = record.abstracts
    assert abstract.lang == "en"
    assert [h.title.value for h in abstract.headings] == [
        "OBJECTIVE",
        "METHODS",
        "RESULTS",
        "CONCLUSION",
    ]
    written = normaliser.write(record, "ris")
    assert "AB  - OBJECTIVE: To observe the effect" in written
    assert "\nMETHODS: Sixty patients" in written
    assert read_one(written, "ris").abstracts == record.abstracts


def _dc(*descriptions: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        ' <dc:title xml:lang="zh">针刺治疗原发性失眠的临床观察</dc:title>\n'
        + "".join(f" {d}\n" for d in descriptions)
        + " <dc:language>zh</dc:language>\n</oai_dc:dc>\n"
    )


def test_dc_chinese_headings_are_read_and_written_back_as_the_source_wrote_them() -> None:
    record = read_one(
        _dc(
            '<dc:description xml:lang="zh">目的：观察针刺治疗原发性失眠的疗效。方法：将60例'
            "患者随机分为两组。结果：有效率83.3%。结论：针刺可改善睡眠质量。</dc:description>"
        ),
        "dc",
    )
    [abstract] = record.abstracts
    assert [h.title.value for h in abstract.headings] == ["目的：", "方法：", "结果：", "结论："]
    written = normaliser.write(record, "dc")
    assert ">目的：观察针刺治疗原发性失眠的疗效。" in written and "\n方法：将60例" in written
    assert read_one(written, "dc").abstracts == record.abstracts


def test_dc_full_stop_headings_on_lines_of_their_own() -> None:
    # DSpace descriptions put each section on a line of its own, one line break apart: the
    # reader joins the lines, and each "Methods." after a sentence's end is a heading too.
    record = read_one(
        _dc(
            '<dc:description xml:lang="en">Objective. To observe the effect of acupuncture on'
            " primary insomnia.\nMethods. Sixty patients were randomised into two groups.\n"
            "Results. The effective rate was 83.3%.\nConclusion. Acupuncture improves sleep."
            "</dc:description>"
        ),
        "dc",
    )
    [abstract] = record.abstracts
    assert shape(abstract) == [
        ("Objective", ["To observe the effect of acupuncture on primary insomnia."]),
        ("Methods", ["Sixty patients were randomised into two groups."]),
        ("Results", ["The effective rate was 83.3%."]),
        ("Conclusion", ["Acupuncture improves sleep."]),
    ]
    assert read_one(normaliser.write(record, "dc"), "dc").abstracts == record.abstracts


@pytest.mark.parametrize(
    "value",
    [
        "Objective. To compare two regimens. The methods. Both were given.",
        "Background: Falls are common. We chose two Methods. Results were mixed.",
    ],
)
def test_a_full_stop_inside_running_text_is_no_heading(value: str) -> None:
    prose = structured(value)
    assert len(prose.headings) == 1 and prose.paragraphs[0].value == value.split(" ", 1)[1]


def test_cnki_colon_headings() -> None:
    cnki = read_one(CNKI.replace("<正>【目的】", "目的：").replace("【方法】", "方法："), "cnki")
    assert [h.title.value for h in cnki.abstracts[0].headings] == ["目的：", "方法："]
    assert cnki.abstracts[0].paragraphs[1].value == "将60例患者随机分为两组。"
