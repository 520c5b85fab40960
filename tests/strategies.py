"""Every hypothesis strategy of the test suite: records with CJK text in both scripts, astral
characters, eastern names, partial dates, inline marks, and everything optional missing."""

from __future__ import annotations

import calendar
from typing import Any

from hypothesis import strategies as st

from normaliser.record import (
    MARK_KINDS,
    VARIANTS,
    Contributor,
    Dated,
    Identifier,
    Journal,
    Link,
    Mark,
    Metric,
    Name,
    Note,
    PartialDate,
    Prose,
    Provenance,
    Record,
    Term,
    Text,
)

SIMPLIFIED = "细胞膜衍生仿生纳米疗法在乳腺癌治疗中的研究进展医学曾明堂欧阳文博单宏伟"
TRADITIONAL = "細胞膜衍生仿生納米療法在乳腺癌治療中的研究進展醫學臺灣與關聯資料"
ASTRAL = "𠀀𠮷𡈽𩸽\U0001f600"
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüñ-–&<>'\"0123456789"

LANGS = st.sampled_from(["en", "zh-Hans", "zh-Hant", "zh", "und", "ja", "de"])

_word = st.text(alphabet=LATIN, min_size=1, max_size=12)
_han = st.text(alphabet=SIMPLIFIED + TRADITIONAL + ASTRAL, min_size=1, max_size=12)


@st.composite
def plain_strings(draw: Any, max_words: int = 8) -> str:
    """Non-empty strings mixing Latin words, Han characters in both scripts and astral ones."""
    words = draw(st.lists(st.one_of(_word, _han), min_size=1, max_size=max_words))
    return " ".join(words)


@st.composite
def marks_for(draw: Any, value: str) -> tuple[Mark, ...]:
    """Properly nested inline marks over ``value``."""
    marks: list[Mark] = []
    n = len(value)
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, max(0, n - 1)))
        end = draw(st.integers(start + 1, n))
        candidate = Mark(start, end, draw(st.sampled_from(MARK_KINDS)))
        if (
            all(
                candidate.end <= m.start
                or candidate.start >= m.end
                or (m.start <= candidate.start and candidate.end <= m.end)
                or (candidate.start <= m.start and m.end <= candidate.end)
                for m in marks
            )
            and candidate not in marks
        ):
            marks.append(candidate)
    return tuple(marks)


@st.composite
def texts(
    draw: Any, lang: str | None = None, variant: str | None = None, marked: bool = True
) -> Text:
    value = draw(plain_strings())
    return Text(
        value,
        lang or draw(LANGS),
        variant or draw(st.sampled_from(VARIANTS)),
        draw(marks_for(value)) if marked else (),
    )


@st.composite
def proses(draw: Any, kind: str = "abstract") -> Prose:
    lang = draw(LANGS)
    variant = draw(st.sampled_from(VARIANTS))
    paragraphs = draw(st.lists(texts(lang=lang, variant=variant), min_size=1, max_size=3))
    return Prose(tuple(paragraphs), kind)


@st.composite
def names(draw: Any) -> Name:
    kind = draw(st.sampled_from(["western", "eastern", "given-only", "literal"]))
    if kind == "eastern":
        family = draw(st.sampled_from(["曾", "欧阳", "司马", "單", "王", "𠮷"]))
        return Name(
            family=family,
            given=draw(_han),
            style="eastern",
            lang=draw(st.sampled_from(["zh-Hans", "zh-Hant", "zh"])),
        )
    if kind == "given-only":
        return Name(given=draw(_word), style="given-only")
    if kind == "literal":
        return Name(literal="约翰·史密斯", style="eastern", lang="zh-Hans")
    return Name(
        family=draw(st.one_of(_word, st.just("van der Waals"))),
        given=draw(st.one_of(st.none(), _word)),
        lang=draw(st.sampled_from(["und", "en", "zh-Latn-pinyin"])),
        variant=draw(st.sampled_from(["original", "transliteration"])),
    )


@st.composite
def contributors(draw: Any) -> Contributor:
    return Contributor(
        names=tuple(draw(st.lists(names(), min_size=1, max_size=2))),
        role=draw(st.sampled_from(["author", "editor"])),
        orcid=draw(st.one_of(st.none(), st.just("0000-0002-1825-0097"))),
        affiliations=tuple(draw(st.lists(texts(marked=False), max_size=2))),
        corresponding=draw(st.booleans()),
    )


@st.composite
def partial_dates(draw: Any) -> PartialDate:
    year = draw(st.integers(1000, 2100))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    if precision == "year":
        return PartialDate(year)
    month = draw(st.integers(1, 12))
    if precision == "month":
        return PartialDate(year, month)
    return PartialDate(year, month, draw(st.integers(1, calendar.monthrange(year, month)[1])))


identifiers = st.builds(
    Identifier,
    scheme=st.sampled_from(["doi", "pmid", "pmcid", "aggregator-journal-id", "issn-print"]),
    value=st.text(alphabet=LATIN + "./", min_size=1, max_size=20),
    derived_from=st.one_of(st.none(), st.just("openAccessPdf")),
)

terms = st.one_of(
    st.builds(
        Term,
        vocabulary=st.just("cas-category"),
        code=st.sampled_from(["medicine", "chemistry", "art"]),
    ),
    st.builds(
        Term,
        vocabulary=st.sampled_from(["wos-category", "field-of-study"]),
        code=st.none(),
        labels=st.lists(texts(marked=False), min_size=1, max_size=2).map(tuple),
    ),
)

metrics = st.builds(
    Metric,
    name=st.sampled_from(["impact-factor", "jcr-quartile", "cas-zone", "citation-count"]),
    value=st.sampled_from(["6.6", "Q1", "2", "0", "12.345"]),
    category=st.one_of(st.none(), terms),
    year=st.one_of(st.none(), st.integers(2000, 2030)),
    source=st.one_of(st.none(), st.just("Semanticscholar")),
)

journals = st.builds(
    Journal,
    titles=st.lists(texts(marked=False), max_size=2).map(tuple),
    abbreviations=st.lists(texts(marked=False), max_size=1).map(tuple),
    identifiers=st.lists(identifiers, max_size=2).map(tuple),
    publishers=st.lists(texts(marked=False), max_size=1).map(tuple),
    descriptions=st.lists(proses(kind="description"), max_size=1).map(tuple),
)

_json_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**53), 2**53),
    st.text(max_size=10),
    st.floats(allow_nan=False, allow_infinity=False),
)
json_values = st.recursive(
    _json_leaves,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)

_opt_str = st.one_of(st.none(), st.text(alphabet=LATIN, min_size=1, max_size=8))


@st.composite
def records(draw: Any) -> Record:
    """Any Record, from one with every field missing to one with all of them."""
    return Record(
        titles=tuple(draw(st.lists(texts(), max_size=3))),
        contributors=tuple(draw(st.lists(contributors(), max_size=4))),
        affiliations=tuple(draw(st.lists(texts(marked=False), max_size=2))),
        abstracts=tuple(draw(st.lists(proses(), max_size=2))),
        keywords=tuple(draw(st.lists(texts(marked=False), max_size=3))),
        journal=draw(st.one_of(st.none(), journals)),
        volume=draw(_opt_str),
        issue=draw(_opt_str),
        fpage=draw(_opt_str),
        lpage=draw(_opt_str),
        page_range=draw(_opt_str),
        elocation_id=draw(_opt_str),
        dates=tuple(
            draw(
                st.lists(
                    st.builds(
                        Dated,
                        kind=st.sampled_from(
                            ["epub", "ppub", "collection", "published", "received"]
                        ),
                        date=partial_dates(),
                    ),
                    max_size=3,
                )
            )
        ),
        pub_model=draw(st.one_of(st.none(), st.sampled_from(["electronic-ecollection", "print"]))),
        identifiers=tuple(draw(st.lists(identifiers, max_size=3))),
        links=tuple(
            draw(
                st.lists(
                    st.builds(
                        Link,
                        url=st.just("https://example.org/a?b=1&c=2"),
                        kind=st.sampled_from(["landing", "pdf", "oa-pdf"]),
                    ),
                    max_size=2,
                )
            )
        ),
        open_access=draw(st.one_of(st.none(), st.booleans())),
        license=draw(st.one_of(st.none(), st.just("https://creativecommons.org/licenses/by/4.0/"))),
        publication_types=tuple(
            draw(
                st.lists(
                    st.builds(
                        Term,
                        vocabulary=st.just("publication-type"),
                        code=st.sampled_from(["journal-article", "review"]),
                    ),
                    max_size=2,
                )
            )
        ),
        subjects=tuple(draw(st.lists(terms, max_size=2))),
        metrics=tuple(draw(st.lists(metrics, max_size=3))),
        language=draw(st.one_of(st.none(), LANGS)),
        provenance=draw(
            st.one_of(
                st.none(),
                st.builds(
                    Provenance, format=st.just("aggregator"), platform=_opt_str, record_id=_opt_str
                ),
            )
        ),
        extras=draw(st.dictionaries(st.text(min_size=1, max_size=8), json_values, max_size=3)),
        notes=tuple(
            draw(
                st.lists(
                    st.builds(
                        Note,
                        kind=st.sampled_from(["derived", "conflict"]),
                        field=st.just("PMCID"),
                        message=st.text(min_size=1, max_size=20),
                    ),
                    max_size=2,
                )
            )
        ),
    )
