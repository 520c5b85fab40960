"""Journal citations as Dublin Core sources write them: a table of the forms real OAI-PMH sources
use (each with its exact reading), the values that must stay titles, and a property generating
citations in every form from (title, volume, issue, pages, year) and reading them back."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normaliser.formats.dc import citations
from normaliser.formats.dc.citations import FORMS, Citation, parse, parts_of, write

VOL, ISS, PAG, YR = "volume", "issue", "pages", "year"


@pytest.mark.parametrize(
    ("value", "title", "parts", "rest"),
    [
        # The DC writer's own form reads as it always did.
        (
            "International Journal of Nanomedicine, vol. 20, pp. 6059-6083, 2025",
            "International Journal of Nanomedicine",
            {VOL: "20", PAG: "6059-6083", YR: "2025"},
            (),
        ),
        ("Annals, Vol. XII, pp. iv-xii", "Annals", {VOL: "XII", PAG: "iv-xii"}, ()),
        ("Heliyon, No. Suppl 2, p. e123", "Heliyon", {ISS: "Suppl 2", PAG: "e123"}, ()),
        ("Ab (2020), vol. 3", "Ab (2020)", {VOL: "3"}, ()),  # a title with a year in brackets
        # An article number no other form reads: the writer's form reads more of the value.
        ("Heliyon, art. 12/3, 2020", "Heliyon", {"elocation": "12/3", YR: "2020"}, ()),
        # DOAJ oai_dc.
        (
            "International Journal of Nanomedicine, Vol 20, Pp 6059-6083 (2025)",
            "International Journal of Nanomedicine",
            {VOL: "20", PAG: "6059-6083", YR: "2025"},
            (),
        ),
        (
            "Frontiers in Medicine, Vol 7 (2020)",
            "Frontiers in Medicine",
            {VOL: "7", YR: "2020"},
            (),
        ),
        (
            "BMC Cancer, Vol 21, Iss 1, Pp 1-12 (2021)",
            "BMC Cancer",
            {VOL: "21", ISS: "1", PAG: "1-12", YR: "2021"},
            (),
        ),
        (
            "PLoS ONE, Vol 15, Iss 3, p e0229808 (2020)",
            "PLoS ONE",
            {VOL: "15", ISS: "3", PAG: "e0229808", YR: "2020"},
            (),
        ),
        # OJS, in several of its languages; an issue's own title is read but maps to nothing.
        (
            "Jurnal Pendidikan; Vol. 5 No. 2 (2020); 123-130",
            "Jurnal Pendidikan",
            {VOL: "5", ISS: "2", YR: "2020", PAG: "123-130"},
            (),
        ),
        (
            "Revista X; v. 12 n. 3 (2019): Dezembro; 45-60",
            "Revista X",
            {VOL: "12", ISS: "3", YR: "2019", PAG: "45-60"},
            ("Dezembro",),
        ),
        ("Journal of Y; Vol 3 No 1 (2018)", "Journal of Y", {VOL: "3", ISS: "1", YR: "2018"}, ()),
        ("Revista Z; Vol. 10 Núm. 2 (2021)", "Revista Z", {VOL: "10", ISS: "2", YR: "2021"}, ()),
        ("Vestnik; Т. 5 № 2 (2020)", "Vestnik", {VOL: "5", ISS: "2", YR: "2020"}, ()),
        ("Vol 4, No 2 (2016)", None, {VOL: "4", ISS: "2", YR: "2016"}, ()),
        (
            "Revista Brasileira de Ensino; v. 8 n. 1 (2017): Edição Especial",
            "Revista Brasileira de Ensino",
            {VOL: "8", ISS: "1", YR: "2017"},
            ("Edição Especial",),
        ),
        # OpenAIRE's guideline example: the ISSN in brackets is the journal's.
        (
            "Ecology Letters (1461023X) vol.4 (2001)",
            "Ecology Letters",
            {"issn": "1461-023X", VOL: "4", YR: "2001"},
            (),
        ),
        # PubMed / MEDLINE; a month is read but maps to nothing, a DOI is kept.
        (
            "Breast Cancer Res. 2004;6(2):R17",
            "Breast Cancer Res",
            {YR: "2004", VOL: "6", ISS: "2", PAG: "R17"},
            (),
        ),
        ("Nature. 2014;510:356-362.", "Nature", {YR: "2014", VOL: "510", PAG: "356-362"}, ()),
        (
            "Int J Nanomedicine. 2025 Jan 1;20:6059-6083. doi: 10.2147/IJN.S502144",
            "Int J Nanomedicine",
            {YR: "2025", VOL: "20", PAG: "6059-6083", "doi": "10.2147/IJN.S502144"},
            ("Jan 1",),
        ),
        (
            "Am J Med. 2020 Jan-Feb;133(1):45-60",
            "Am J Med",
            {YR: "2020", VOL: "133", ISS: "1", PAG: "45-60"},
            ("Jan-Feb",),
        ),
        # GB/T 7714: 刊名, 年, 卷(期): 页; without an issue 年, 卷: 页.
        (
            "中华医学杂志, 2020, 100(5): 321-325",
            "中华医学杂志",
            {YR: "2020", VOL: "100", ISS: "5", PAG: "321-325"},
            (),
        ),
        (
            "科学通报, 2012, 57(34): 3219",
            "科学通报",
            {YR: "2012", VOL: "57", ISS: "34", PAG: "3219"},
            (),
        ),
        ("Nature, 2014, 510: 356-362", "Nature", {YR: "2014", VOL: "510", PAG: "356-362"}, ()),
        ("中华医学杂志，2020年第12卷第3期", "中华医学杂志", {YR: "2020", VOL: "12", ISS: "3"}, ()),
        ("中华医学杂志2020年第12卷第3期", "中华医学杂志", {YR: "2020", VOL: "12", ISS: "3"}, ()),
        # Bare volume(issue): pages after a title, and the labels of other styles.
        (
            "Journal of Physics: Conference Series, 12(3): 45-67",
            "Journal of Physics: Conference Series",
            {VOL: "12", ISS: "3", PAG: "45-67"},
            (),
        ),
        (
            "Mathematics, Physics and Chemistry, 12(3), 45-67",
            "Mathematics, Physics and Chemistry",
            {VOL: "12", ISS: "3", PAG: "45-67"},
            (),
        ),
        ("J. Phys. 12(3): 45-67", "J. Phys.", {VOL: "12", ISS: "3", PAG: "45-67"}, ()),
        ("2D Materials, vol. 4 (2001)", "2D Materials", {VOL: "4", YR: "2001"}, ()),
        (
            "Science China. Life sciences, Vol. 12, Issue 3",
            "Science China. Life sciences",
            {VOL: "12", ISS: "3"},
            (),
        ),
        ("PLoS One, Article e0123456", "PLoS One", {"elocation": "e0123456"}, ()),
        ("Physical Review, Art. no. 012345", "Physical Review", {"elocation": "012345"}, ()),
    ],
)
def test_real_citation_forms(
    value: str, title: str | None, parts: dict[str, str], rest: tuple[str, ...]
) -> None:
    citation = parse(value)
    assert (citation.title, citation.parts, citation.rest) == (title, parts, rest)


@pytest.mark.parametrize(
    "value",
    [
        "Journal of Physics: Conference Series",
        "Mathematics, Physics and Chemistry",
        "2D Materials",
        "Science China. Life sciences",
        "Physics Letters B",
        "Page Aa",
        "Volume Ii",
        "Nov 2020",
        "Vitamins and Hormones 12 Review",
        # An ISSN failing its check digit is not taken: the whole value stays as it is.
        "Ecology Letters (1461024X) vol.4 (2001)",
        # BioMed Central's form: the title may end with the year, so it is not cut.
        "Breast Cancer Res 2004, 6:R17",
        # Pages glued to a title by a mere space, with nothing else to show a citation.
        "Proceedings 12 45-67",
    ],
)
def test_what_is_not_read_with_confidence_stays_whole(value: str) -> None:
    citation = parse(value)
    assert (citation.title, citation.parts, citation.rest) == (value, {}, ())


def test_a_journal_title_is_read_as_a_citation_only_when_it_names_a_volume_or_pages() -> None:
    assert parts_of("2D Materials") is None
    assert parts_of("Proceedings of the ACM, 2020") is None  # a year alone: a title
    found = parts_of("Revista Z; Vol. 10 Núm. 2 (2021)")
    assert found is not None and found.parts == {VOL: "10", ISS: "2", YR: "2021"}


# --- The property: every form, read back ----------------------------------------------------

#: Words of a journal title, with digits, and the punctuation that joins them (commas,
#: semicolons, colons, full stops): none of it may be taken for a part.
_WORD = st.one_of(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9).map(str.capitalize),
    st.sampled_from(["2D", "3rd", "B12", "of", "and", "&", "(Online)", "Series A", "19th"]),
)
_JOIN = st.sampled_from([" ", " ", " ", ", ", "; ", ": ", ". ", " - "])
_LAST = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=4, max_size=9).map(str.capitalize)
#: Words that would make a title end in a part when they come last: labels, months, seasons.
_NOT_LAST = {"Volume", "Issue", "Pages", "Page", "Number", "Article", "Spring", "Summer"}


@st.composite
def _titles(draw: Any, han: bool = False) -> str:
    if han:
        return draw(st.text(alphabet="中华医学杂志科学通报地理研究", min_size=2, max_size=8))
    words = draw(st.lists(_WORD, max_size=4))
    text = "".join(w + draw(_JOIN) for w in words)
    return text + draw(_LAST.filter(lambda w: w not in _NOT_LAST))


def _writer(t: str, v: str | None, i: str | None, p: str | None, y: str | None) -> str:
    parts = [f"vol. {v}" if v else "", f"no. {i}" if i else "", f"pp. {p}" if p else ""]
    return ", ".join([t, *[x for x in parts if x], *([y] if y else [])])


def _doaj(t: str, v: str | None, i: str | None, p: str | None, y: str | None) -> str:
    parts = [f"Vol {v}" if v else "", f"Iss {i}" if i else "", f"Pp {p}" if p else ""]
    return ", ".join([t, *[x for x in parts if x]]) + f" ({y})"


def _ojs(t: str, v: str | None, i: str | None, p: str | None, y: str | None) -> str:
    issue = " ".join(x for x in [f"Vol. {v}" if v else "", f"No. {i}" if i else ""] if x)
    return f"{t}; " + (f"{issue} " if issue else "") + f"({y})" + (f"; {p}" if p else "")


def _ojs_pt(t: str, v: str | None, i: str | None, p: str | None, y: str | None) -> str:
    return f"{t}; v. {v} n. {i} ({y})" + (f"; {p}" if p else "")


def _openaire(t: str, v: str | None, i: str | None, p: str | None, y: str | None) -> str:
    return f"{t} (1461023X) vol.{v} ({y})"


def _pubmed(t: str, v: str | None, i: str | None, p: str | None, y: str | None) -> str:
    return f"{t}. {y};{v}" + (f"({i})" if i else "") + (f":{p}" if p else "") + "."


def _gbt(t: str, v: str | None, i: str | None, p: str | None, y: str | None) -> str:
    return f"{t}, {y}, {v}" + (f"({i})" if i else "") + f": {p}"


def _compact(t: str, v: str | None, i: str | None, p: str | None, y: str | None) -> str:
    return f"{t}, {v}({i})" + (f": {p}" if p else "")


def _compact_comma(t: str, v: str | None, i: str | None, p: str | None, y: str | None) -> str:
    return f"{t}, {v}({i}), {p}"


def _chinese(t: str, v: str | None, i: str | None, p: str | None, y: str | None) -> str:
    return f"{t}，{y}年第{v}卷" + (f"第{i}期" if i else "")


#: Each form: how it writes a citation, and which parts it must have (the rest are optional)
#: or cannot have.
_FORMS = {
    "writer": (_writer, set(), set()),
    "doaj": (_doaj, {YR}, set()),
    "ojs": (_ojs, {YR}, set()),
    "ojs-pt": (_ojs_pt, {VOL, ISS, YR}, set()),
    "openaire": (_openaire, {VOL, YR}, {ISS, PAG}),
    "pubmed": (_pubmed, {VOL, YR}, set()),
    "gbt": (_gbt, {VOL, PAG, YR}, set()),
    "compact": (_compact, {VOL, ISS}, {YR}),
    "compact-comma": (_compact_comma, {VOL, ISS, PAG}, {YR}),
    "chinese": (_chinese, {VOL, YR}, {PAG}),
}


@st.composite
def _citations(draw: Any) -> tuple[str, str, dict[str, str]]:
    """(form, citation, the title and parts it must read as) for a citation in any form."""
    form = draw(st.sampled_from(sorted(_FORMS)))
    write, required, excluded = _FORMS[form]
    first = draw(st.integers(1, 9000))
    values = {
        VOL: str(draw(st.integers(1, 999))),
        ISS: str(draw(st.integers(1, 12))),
        PAG: draw(
            st.sampled_from(
                [str(first), f"{first}-{first + draw(st.integers(1, 40))}", f"e{first:07d}"]
            )
        ),
        YR: str(draw(st.integers(1900, 2030))),
    }
    parts = {
        kind: value
        for kind, value in values.items()
        if kind not in excluded and (kind in required or draw(st.booleans()))
    }
    if form == "writer" and not parts:
        parts[VOL] = values[VOL]
    if form == "compact-comma" and parts[PAG] == str(first):
        parts[PAG] = f"{first}-{first + 1}"  # ``12(3), 1999``: a lone number that is a year is one
    title = draw(_titles(han=form == "chinese"))
    citation = write(title, parts.get(VOL), parts.get(ISS), parts.get(PAG), parts.get(YR))
    if form == "openaire":
        parts["issn"] = "1461-023X"
    return form, citation, {"title": title, **parts}


@given(_citations())
def test_every_form_reads_back_to_its_title_and_parts(
    case: tuple[str, str, dict[str, str]],
) -> None:
    form, value, expected = case
    citation = parse(value)
    assert {"title": citation.title, **citation.parts} == expected, (form, value)
    assert citation.rest == ()


# --- The writer's forms: write and parse are one pair ---------------------------------------------

_STATEMENTS = ["94-98, 93", "210+209", "1106-1111+1117", "S4-S9", "e0229808", "12", "iv-xii"]


@st.composite
def _written_citations(draw: Any) -> tuple[str, str | None, dict[str, str]]:
    form = draw(st.sampled_from(FORMS))
    han = form == "zh" or draw(st.booleans())
    title = draw(st.one_of(st.none(), _titles(han=han))) if form == "en" else draw(_titles(han))
    first = draw(st.integers(1, 9000))
    values = {
        VOL: str(draw(st.integers(1, 999))),
        ISS: draw(st.sampled_from([str(draw(st.integers(1, 12))), "Suppl 2"])),
        PAG: draw(st.sampled_from([*_STATEMENTS, f"{first}-{first + 7}", str(first)])),
        "elocation": f"e{draw(st.integers(1000, 99999))}",
        YR: str(draw(st.integers(1900, 2030))),
    }
    if form == "zh":  # 第Suppl 2期, 第iv-xii页: Chinese citations number in digits
        values[ISS], values[PAG] = str(draw(st.integers(1, 12))), f"{first}-{first + 7}"
    parts = {kind: value for kind, value in values.items() if draw(st.booleans())}
    if not parts:
        parts[VOL] = values[VOL]
    return form, title, parts


@given(_written_citations())
def test_the_writers_forms_read_back(case: tuple[str, str | None, dict[str, str]]) -> None:
    form, title, parts = case
    value = write(title, parts, form)
    citation = parse(value)
    assert (citation.title, citation.parts, citation.rest) == (title, parts, ()), value


@pytest.mark.parametrize(
    ("form", "value"),
    [
        ("en", "臺灣公共衛生雜誌, vol. 37, no. 2, pp. 94-98, 93, 2018"),
        ("zh", "臺灣公共衛生雜誌, 2018年第37卷第2期, 第94-98, 93页"),
    ],
)
def test_a_page_statement_with_a_comma_is_read_back(form: str, value: str) -> None:
    parts = {VOL: "37", ISS: "2", PAG: "94-98, 93", YR: "2018"}
    assert write("臺灣公共衛生雜誌", parts, form) == value
    assert parse(value) == Citation("臺灣公共衛生雜誌", parts)


def test_an_unknown_form_is_refused() -> None:
    with pytest.raises(ValueError, match="en, zh"):
        write("J", {VOL: "1"}, "gbt")


def _written_trying_every_kind(value: str) -> Citation:
    """``_written`` as it matched every kind against each segment, passing over a match of a
    kind read already (it now leaves those kinds out before matching)."""
    segments = [s.strip() for s in re.split(r"\s*,\s*", value.strip())]
    parts: dict[str, str] = {}
    while segments:
        for kind, pattern in citations._WRITTEN_PARTS:
            match = pattern.fullmatch(segments[-1])
            if match is None and kind in citations._AS_WRITTEN:
                match = citations._AS_WRITTEN[kind].fullmatch(segments[-1])
            if match and kind not in parts:
                parts[kind] = match.group("v").strip()
                segments.pop()
                break
        else:
            statement = citations._page_statement(segments) if "pages" not in parts else None
            if statement is None:
                break
            parts["pages"], segments = statement
    return Citation(", ".join(segments).strip() or None, parts)


_SEGMENTS = st.sampled_from(
    ["vol. 3", "no. 2", "pp. 1-9", "p. 5", "art. e12", "2020", "1999", "93", "no. Spring", "A"]
)


@given(
    _written_citations().map(lambda case: write(case[1], case[2], "en"))
    | st.lists(_SEGMENTS | st.text(max_size=6), max_size=6).map(", ".join)
)
def test_the_writers_english_form_reads_as_when_every_kind_was_tried(value: str) -> None:
    assert citations._written(value) == _written_trying_every_kind(value)
