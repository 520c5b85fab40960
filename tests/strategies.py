"""Every hypothesis strategy of the test suite: records with CJK text in both scripts, astral
characters, eastern names, partial dates, inline marks, and everything optional missing."""

from __future__ import annotations

import calendar
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from normaliser.formats import dc as dc_format
from normaliser.names import same_person
from normaliser.pages import parse as page_parse
from normaliser.record import (
    INLINE_MARKS,
    STYLE_MARKS,
    VARIANTS,
    Conference,
    Contributor,
    Dated,
    Degree,
    Heading,
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
    Publisher,
    Record,
    Term,
    Text,
    replaced,
    with_subtitle,
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
def marks_for(draw: Any, value: str, kinds: tuple[str, ...] = STYLE_MARKS) -> tuple[Mark, ...]:
    """Properly nested inline marks over ``value``: by default the marks that change how text
    looks, which every format with inline markup carries; ``INLINE_MARKS`` adds case-protected
    spans (BibTeX, canonical JSON), never one inside another (braces in braces are one)."""
    marks: list[Mark] = []
    n = len(value)
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, max(0, n - 1)))
        end = draw(st.integers(start + 1, n))
        candidate = Mark(start, end, draw(st.sampled_from(kinds)))
        if candidate.kind == "nocase" and any(
            m.kind == "nocase" and candidate.start < m.end and m.start < candidate.end
            for m in marks
        ):
            continue
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
def titles(draw: Any) -> Text:
    """A title, sometimes with a subtitle or two joined to it (``with_subtitle``: its span
    marked, the subtitle's own marks inside)."""
    title = draw(texts())
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 1, 2]))):
        title = with_subtitle(title, draw(texts(lang=title.lang, variant=title.variant)))
    return title


@st.composite
def proses(draw: Any, kind: str = "abstract") -> Prose:
    lang = draw(LANGS)
    variant = draw(st.sampled_from(VARIANTS))
    paragraphs = draw(st.lists(texts(lang=lang, variant=variant), min_size=1, max_size=3))
    # A structured abstract: some paragraphs start a titled section (Objective, 目的…).
    starts = sorted(draw(st.sets(st.integers(0, len(paragraphs) - 1), max_size=3)))
    headings = tuple(
        Heading(start, draw(texts(lang=lang, variant=variant, marked=False))) for start in starts
    )
    return Prose(tuple(paragraphs), kind, headings)


#: Known abstract headings (the abstract-section vocabulary), as text formats write them.
KNOWN_HEADINGS = ["Background", "Objective", "OBJECTIVES", "Aim", "Methods", "Results"]
KNOWN_HEADINGS += ["Conclusions", "Materials and Methods", "目的", "方法：", "结果", "結論", "背景"]


@st.composite
def headed(draw: Any, prose: Prose) -> Prose:
    """``prose``, or ``prose`` as a structured abstract: some of its paragraphs start a section
    titled with a known heading (what text formats write as ``Objective: …``, ``【目的】…``)."""
    starts = sorted(draw(st.sets(st.integers(0, len(prose.paragraphs) - 1), max_size=3)))
    headings = tuple(
        Heading(start, Text(draw(st.sampled_from(KNOWN_HEADINGS)), prose.lang, prose.variant))
        for start in starts
    )
    return Prose(prose.paragraphs, prose.kind, headings)


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


def roman_numeral(value: int) -> str:
    """``14`` → ``xiv``: the lower-case roman numeral of 1–399."""
    out = ""
    for size, letters in ((100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix")):
        while value >= size:
            out, value = out + letters, value - size
    for size, letters in ((5, "v"), (4, "iv"), (1, "i")):
        while value >= size:
            out, value = out + letters, value - size
    return out


@st.composite
def roman_pages(draw: Any) -> str:
    """A roman page or range as front matter carries it (``iii``, ``xiv-xxii``, ``II–V``), in one
    case, with any of the dashes records use; the last page never before the first, and no page
    of x alone (``xx``: in-press records' stand-in for a page not yet known)."""
    first = draw(st.integers(1, 398))
    last = draw(st.one_of(st.none(), st.integers(first + 1, 399)))
    if last is None and first in (10, 20, 30):
        last = first + 1
    upper = draw(st.booleans())
    pages = [roman_numeral(n).upper() if upper else roman_numeral(n) for n in (first, last) if n]
    return draw(st.sampled_from(["-", "–", " - ", "--"])).join(pages)


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


_suffix = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_()/",
    min_size=1,
    max_size=16,
).filter(lambda s: s[-1] not in ".,;")


def article_identifiers(
    others: tuple[str, ...] = ("publisher-id", "aggregator-paper-id"), registrants: int = 999999
) -> st.SearchStrategy[Identifier]:
    """Article identifiers spelled as the readers spell them: DOI, PMID, PMCID, ``others``."""
    return st.one_of(
        st.builds(
            Identifier,
            scheme=st.just("doi"),
            value=st.builds(lambda n, s: f"10.{n}/{s}", st.integers(1000, registrants), _suffix),
            derived_from=st.one_of(st.none(), st.just("ListUrlMain")),
        ),
        st.builds(Identifier, scheme=st.just("pmid"), value=st.integers(1, 10**9).map(str)),
        st.builds(
            Identifier,
            scheme=st.just("pmcid"),
            value=st.integers(1, 10**8).map(lambda n: f"PMC{n}"),
            derived_from=st.one_of(st.none(), st.just("openAccessPdf")),
        ),
        st.builds(Identifier, scheme=st.sampled_from(others), value=_suffix),
    )


identifiers = article_identifiers()

journal_identifiers = st.one_of(
    st.builds(
        Identifier,
        scheme=st.sampled_from(["aggregator-journal-id", "nlm-ta", "publisher-id"]),
        value=_suffix,
    ),
    st.builds(
        Identifier,
        scheme=st.sampled_from(["issn-print", "issn-electronic", "issn", "issn-l"]),
        value=st.sampled_from(["1176-9114", "1178-2013", "1000-002X"]),
    ),
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
    identifiers=st.lists(journal_identifiers, max_size=3).map(tuple),
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
def conferences(draw: Any) -> Conference:
    return Conference(
        names=tuple(draw(st.lists(texts(marked=False), min_size=1, max_size=2))),
        places=tuple(draw(st.lists(texts(marked=False), max_size=2))),
        date=draw(st.one_of(st.none(), partial_dates())),
    )


@st.composite
def conference_ranges(draw: Any) -> Conference:
    """A conference, sometimes of several days (a first and a last day)."""
    conference = draw(conferences())
    if conference.date is None or conference.date.day is None or not draw(st.booleans()):
        return conference
    first = conference.date
    last = calendar.monthrange(first.year, first.month or 1)[1]
    if first.day == last:
        return conference
    end = PartialDate(first.year, first.month, draw(st.integers(first.day + 1, last)))
    return Conference(conference.names, conference.places, first, end)


@st.composite
def degrees(draw: Any) -> Degree:
    level = draw(st.one_of(st.none(), st.sampled_from(["doctoral", "masters", "bachelors"])))
    return Degree(
        level=None if level is None else Term("degree", level),
        grantors=tuple(draw(st.lists(texts(marked=False), min_size=level is None, max_size=2))),
    )


@st.composite
def publishers(draw: Any) -> Publisher:
    return Publisher(
        names=tuple(draw(st.lists(texts(marked=False), min_size=1, max_size=2))),
        places=tuple(draw(st.lists(texts(marked=False), max_size=1))),
    )


#: Each date kind with the names a source may give its type other than the usual one (JATS
#: ``date-type="publication"``, ``rev-recd``'s older ``revised``, the legacy ``pub-type``, a
#: history event's own name).
DATE_LABELS: dict[str, list[str | None]] = {
    "published": [None, "publication", "pub-type:pub"],
    "epub": [None, "publication", "pub-type:epub"],
    "ppub": [None, "publication", "pub-type:ppub"],
    "collection": [None, "pub-type:collection"],
    "received": [None],
    "accepted": [None],
    "revised": [None, "revised"],
    "rev-request": [None],
    "update": [None],
    "corrected": [None],
    "retracted": [None],
    "preprint": [None],
    "open-access": [None],
    "cover": [None],
    "event": [None, "published-online", "oa-requested"],
}


@st.composite
def dateds(draw: Any) -> Dated:
    """A date of any kind, sometimes with its type named the source's way, sometimes placed
    where its kind does not usually go (a preprint date in the history)."""
    kind = draw(st.sampled_from(sorted(DATE_LABELS)))
    label = draw(st.sampled_from(DATE_LABELS[kind]))
    history = draw(st.sampled_from([None, None, True, False]))
    if label and label.startswith("pub-type:"):  # JATS's legacy pub-type: publication dates
        history = False
    date = draw(partial_dates())
    season = None
    if date.month is None:  # an issue's season or months: Spring 2025, 2018 May-Aug
        season = draw(st.sampled_from([None, None, "Spring", "Winter", "May-Aug", "Jul-Sep"]))
    return Dated(kind, date, label, history, season)


@st.composite
def records(draw: Any) -> Record:
    """Any Record a reader can yield, from one with nothing but a title, an identifier or a
    contributor (a record with none of them is refused by every reader) to one with every field."""
    found = draw(st.sampled_from(["titles", "contributors", "identifiers"]))
    record = Record(
        titles=tuple(draw(st.lists(titles(), min_size=int(found == "titles"), max_size=3))),
        contributors=tuple(
            draw(st.lists(contributors(), min_size=int(found == "contributors"), max_size=4))
        ),
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
        dates=tuple(draw(st.lists(dateds(), max_size=3))),
        pub_model=draw(st.one_of(st.none(), st.sampled_from(["electronic-ecollection", "print"]))),
        identifiers=tuple(
            draw(st.lists(identifiers, min_size=int(found == "identifiers"), max_size=3))
        ),
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
        conference=draw(st.one_of(st.none(), conference_ranges())),
        degree=draw(st.one_of(st.none(), degrees())),
        publisher=draw(st.one_of(st.none(), publishers())),
        edition=draw(st.one_of(st.none(), st.sampled_from(["2", "修订本", "Rev. ed."]))),
        series=tuple(draw(st.lists(texts(), max_size=2))),
        page_count=draw(st.one_of(st.none(), st.sampled_from(["35", "xii+186"]))),
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
    return record


# --- Dublin Core ------------------------------------------------------------------------------
# ``dc_records``: Records in Dublin Core's value space — what DC can say and the DC reader
# decides, stated independently of the reader: plain text (no marks); a text's variant follows
# its xml:lang against the record's language (a Latin-script tag of Chinese is a
# transliteration); one creator string per person, the Han form first; a record's Chinese
# language takes its script from the first Chinese title; journal titles without digits.
# ``dc_documents``: oai_dc documents as repositories write them, each value with the spelling
# the DC writer gives it back.

_DC_LATIN_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéüñ&<>'\"-", min_size=1, max_size=9)
_DC_HAN_WORD = st.text(alphabet=SIMPLIFIED + TRADITIONAL + ASTRAL, min_size=1, max_size=8)
DC_TEXT_LANGS = ["en", "zh-Hans", "zh-Hant", "zh", "ja", "de", "fr", "und", "zh-Latn-pinyin"]
DC_PAGE_STATEMENTS = ["94-98, 93", "210+209", "1106-1111+1117", "S4-S9"]
DC_ISSNS = ["1176-9114", "1178-2013", "0253-9624", "2095-154X", "1674-8883", "2352-3409"]
# A personal name: not a word that makes a creator a body (the DC reader keeps "Ltd Aa" whole).
_CAPITAL = (
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9)
    .filter(lambda w: w not in dc_format.BODY_WORDS)
    .map(str.capitalize)
)
_HAN_FAMILIES = ["王", "李", "曾", "周", "陳", "欧阳", "司马", "諸葛"]
_HAN_GIVEN = st.text(alphabet="明堂文博婷芳伟晓燕建国美玲志豪", min_size=1, max_size=2)


def _dc_primary(tag: str) -> str | None:
    primary = tag.split("-")[0]
    return None if primary == "und" else primary


def _dc_transliterated(tag: str) -> bool:
    return "-Latn" in tag and tag.split("-")[0] in ("zh", "ja", "ko", "ru")


def _dc_variant(tag: str, main: str | None) -> str:
    if _dc_transliterated(tag):
        return "transliteration"
    primary = _dc_primary(tag)
    return "original" if main is None or primary is None or primary == main else "translation"


@st.composite
def dc_strings(draw: Any, han: bool = True, max_words: int = 6) -> str:
    """Words of Latin letters (with the characters XML escapes) and of Han in both scripts."""
    word = st.one_of(_DC_LATIN_WORD, _DC_HAN_WORD) if han else _DC_LATIN_WORD
    return " ".join(draw(st.lists(word, min_size=1, max_size=max_words)))


@st.composite
def dc_names(draw: Any) -> tuple[Name, ...]:
    """The names of one person, as DC carries them: one form, or a Han form then a Latin one."""
    kind = draw(
        st.sampled_from(
            ["western", "pinyin", "han", "han+latin", "japanese", "given-only", "literal"]
        )
    )
    given = " ".join(draw(st.lists(_CAPITAL, min_size=1, max_size=2)))
    western = Name(
        family=draw(st.one_of(_CAPITAL, st.just("van der Waals"))),
        given=given,
        lang=draw(st.sampled_from(["und", "en"])),
    )
    han = Name(
        family=draw(st.sampled_from(_HAN_FAMILIES)),
        given=draw(_HAN_GIVEN),
        style="eastern",
        lang=draw(st.sampled_from(["zh-Hans", "zh-Hant", "zh"])),
    )
    if kind == "western":
        return (western,)
    if kind == "pinyin":
        return (Name("Zeng", "Mingtang", lang="zh-Latn-pinyin", variant="transliteration"),)
    if kind == "han":
        return (han,)
    if kind == "han+latin":
        # A Latin form beside a Chinese Han one is its romanisation: pinyin when it spells it.
        latin = Name(family=western.family, given=western.given)
        tag = "zh-Latn-pinyin" if same_person(han, latin) else "zh-Latn"
        return (han, replaced(latin, lang=tag, variant="transliteration"))
    if kind == "japanese":  # a family name the Chinese surname table would cut elsewhere
        family = draw(st.sampled_from(["宮地", "山元", "佐藤", "高橋"]))
        return (Name(family, draw(st.sampled_from(["元彦", "健太", "花子"])), "eastern", "ja"),)
    if kind == "given-only":
        return (Name(given=draw(_CAPITAL), style="given-only"),)
    return (Name(literal="约翰·史密斯", style="eastern", lang="zh-Hans"),)


_dc_identifiers = st.one_of(
    article_identifiers(("publisher-id", "arxiv", "hdl"), registrants=99999),
    st.builds(
        Identifier,
        scheme=st.just("other"),
        # Not a value in another scheme's spelling (10.… is a DOI, PMC… a PMCID).
        value=_suffix.filter(
            lambda s: not s.startswith("10.") and not s.lower().startswith(("pmc", "pmid", "issn"))
        ),
    ),
)


@st.composite
def dc_records(draw: Any) -> Record:
    """A Record in Dublin Core's value space (see above): ``read(write(r))`` gives it back."""
    from normaliser import vocab

    language = draw(
        st.one_of(st.none(), st.sampled_from(["en", "ja", "de", "fr", "zh-Hans", "zh-Hant"]))
    )
    # At least one title: a record with nothing to catalogue is a reject (issue 15).
    title_langs = draw(st.lists(st.sampled_from(DC_TEXT_LANGS), min_size=1, max_size=3))
    abstract_langs = draw(st.lists(st.sampled_from(DC_TEXT_LANGS), max_size=2))
    if language in ("zh-Hans", "zh-Hant"):
        # dc:language says zho; the script comes from the first Chinese title.
        def chinese(tag: str) -> bool:
            return tag.startswith("zh") and not _dc_transliterated(tag)

        title_langs = [language] + [t for t in title_langs if not chinese(t)]
        abstract_langs = [t for t in abstract_langs if not chinese(t)]
    main = _dc_primary(language) if language else None
    if main is None:
        main = next(
            (
                _dc_primary(t)
                for t in title_langs + abstract_langs
                if _dc_primary(t) and not _dc_transliterated(t)
            ),
            None,
        )
    from normaliser.text import chinese_script

    def scripted(tag: str, value: str) -> str:
        """An explicit ``zh`` comes back with the script its characters tell (issue 17)."""
        script = chinese_script(value) if tag == "zh" else None
        return f"zh-{script}" if script else tag

    def text(value: str, tag: str) -> Text:
        tag = scripted(tag, value)
        return Text(value, tag, _dc_variant(tag, main))

    titles = [text(draw(dc_strings()), t) for t in title_langs]
    abstracts = []
    for t in abstract_langs:
        paragraphs = [draw(dc_strings(max_words=12)) for _ in range(draw(st.integers(1, 3)))]
        tag = scripted(t, " ".join(paragraphs))
        prose = Prose(tuple(Text(p, tag, _dc_variant(tag, main)) for p in paragraphs))
        abstracts.append(draw(headed(prose)))
    keywords = [
        text(draw(dc_strings(max_words=3)), t)
        for t in draw(st.lists(st.sampled_from(DC_TEXT_LANGS), max_size=4))
    ]
    contributors = [
        Contributor(draw(dc_names()), role=draw(st.sampled_from(["author", "editor"])))
        for _ in range(draw(st.integers(0, 4)))
    ]

    # DC reads a contributor that repeats a creator, and an abstract said twice, once (DSpace
    # repeats both): a record in DC's value space has neither.
    def name_key(name: Name) -> tuple[str, ...]:
        return tuple((p or "").casefold() for p in (name.family, name.given, name.literal))

    authors = {name_key(n) for c in contributors if c.role == "author" for n in c.names}
    contributors = [
        c
        for c in contributors
        if c.role == "author" or not all(name_key(n) in authors for n in c.names)
    ]
    abstracts = list({(a.lang, a.text): a for a in reversed(abstracts)}.values())[::-1]
    journal_titles = draw(
        st.lists(
            st.builds(
                Text,
                st.builds(
                    " ".join, st.lists(st.one_of(_CAPITAL, _DC_HAN_WORD), min_size=1, max_size=4)
                ),
                st.sampled_from(["en", "zh-Hans", "zh-Hant", "und"]),
            ),
            max_size=2,
            unique=True,
        )
    )
    if main == "zh" and any(_dc_primary(t.lang) == "zh" for t in journal_titles):
        # A Chinese journal's title in another language is its translation.
        journal_titles = [
            replaced(t, variant="translation") if _dc_primary(t.lang) not in ("zh", None) else t
            for t in journal_titles
        ]
    publishers = draw(
        st.lists(st.builds(Text, dc_strings(), st.sampled_from(["en", "zh-Hans"])), max_size=1)
    )
    issns = draw(
        st.lists(
            st.builds(
                Identifier,
                st.sampled_from(["issn-print", "issn-electronic", "issn", "issn-l"]),
                st.sampled_from(DC_ISSNS),
            ),
            max_size=2,
            unique=True,
        )
    )
    journal = (
        Journal(
            titles=tuple(journal_titles), identifiers=tuple(issns), publishers=tuple(publishers)
        )
        if journal_titles or issns or publishers
        else None
    )
    number = st.integers(1, 999).map(str)
    first = draw(st.one_of(st.none(), st.integers(1, 9000)))
    last = draw(st.one_of(st.none(), st.integers(1, 999))) if first else None
    # A page statement the citation must carry whole (``pp. 94-98, 93``).
    statement = draw(st.one_of(st.none(), st.sampled_from(DC_PAGE_STATEMENTS)))
    pages = page_parse(statement, "pages") if statement else None
    codes = draw(
        st.lists(st.sampled_from(vocab.codes("publication-type")), max_size=2, unique=True)
    )
    unknown = draw(
        st.lists(
            st.builds(Text, dc_strings(han=False, max_words=3), st.sampled_from(["en", "und"])),
            max_size=1,
        ).filter(lambda ts: all(vocab.code_for("publication-type", t.value) is None for t in ts))
    )
    types = [Term("publication-type", c) for c in codes] + [
        Term("publication-type", None, (t,)) for t in unknown
    ]
    open_access = draw(st.one_of(st.none(), st.booleans()))
    link_kinds = ["landing", "pdf", "other"] + ([] if open_access is False else ["oa-pdf"])
    return Record(
        titles=tuple(titles),
        contributors=tuple(contributors),
        affiliations=tuple(draw(st.lists(texts(marked=False), max_size=1))),
        abstracts=tuple(abstracts),
        keywords=tuple(keywords),
        journal=journal,
        volume=draw(st.one_of(st.none(), number)),
        # An issue of no digit too (a season, a special issue, a letter): DC's citation
        # labels it, and its value comes back whatever it is.
        issue=draw(st.one_of(st.none(), number, st.sampled_from(["Spring", "特刊", "A"]))),
        fpage=pages.first if pages else str(first) if first else None,
        lpage=pages.last if pages else str(first + last) if first and last else None,
        page_range=pages.statement if pages else None,
        elocation_id=draw(st.one_of(st.none(), st.integers(1000, 9999999).map(lambda n: f"e{n}"))),
        dates=tuple(
            draw(
                st.lists(
                    partial_dates().flatmap(
                        lambda d: st.builds(
                            Dated,
                            st.sampled_from(["epub", "ppub", "published"]),
                            st.just(d),
                            # An issue's season beside its year: dc:date 2018 May-Aug.
                            season=st.sampled_from([None, None, "Spring", "May-Aug"])
                            if d.month is None
                            else st.none(),
                        )
                    ),
                    max_size=2,
                )
            )
        ),
        identifiers=tuple(
            draw(st.lists(_dc_identifiers, max_size=4, unique_by=lambda i: (i.scheme, i.value)))
        ),
        links=tuple(
            draw(
                st.lists(
                    st.builds(
                        Link,
                        st.sampled_from(
                            ["https://example.org/a?b=1&c=2", "https://example.org/paper.pdf"]
                        ),
                        st.sampled_from(link_kinds),
                    ),
                    max_size=2,
                    unique=True,
                )
            )
        ),
        open_access=open_access,
        license=draw(
            st.sampled_from(
                [None, "https://creativecommons.org/licenses/by/4.0/", "All rights reserved"]
            )
        ),
        publication_types=tuple(types),
        subjects=tuple(
            Term("cas-category", c)
            for c in draw(st.lists(st.sampled_from(["medicine", "art", "chemistry"]), unique=True))
        ),
        language=language,
    )


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@st.composite
def _dc_date(draw: Any) -> tuple[str, str, int]:
    """A date as repositories write it, its W3CDTF form, its year."""
    date = draw(partial_dates().filter(lambda d: d.year >= 1900))
    shapes = [date.iso()]
    if date.day:
        shapes.append(f"{date.iso()}T00:00:00Z")
    if date.month and not date.day:
        shapes.append(f"{_MONTHS[date.month - 1]} {date.year}")
    return draw(st.sampled_from(shapes)), date.iso(), date.year


@st.composite
def dc_documents(draw: Any) -> tuple[str, list[tuple[str, str | None, str]]]:
    """An oai_dc document and the (element, xml:lang or None, value) statements the DC writer must
    give back for it: free text as it is (white space collapsed), identifiers, dates and languages
    in the spelling the writer uses, citations and ISSNs as they came."""
    from normaliser import xmlio

    written: list[tuple[str, str | None, str]] = []
    expected: list[tuple[str, str | None, str]] = []

    def both(element: str, lang: str | None, value: str, canonical: str | None = None) -> None:
        written.append((element, lang, value))
        expected.append((element, lang, value if canonical is None else canonical))

    text_langs = st.one_of(st.none(), st.sampled_from(["en", "zh-Hans", "zh-Hant", "fr", "und"]))
    for element in ("title", "subject", "description", "publisher", "coverage", "format"):
        # At least one title: a record with nothing to catalogue is a reject (issue 15).
        for _ in range(draw(st.integers(int(element == "title"), 2))):
            value = draw(dc_strings())
            padding = draw(st.sampled_from(["", "\n      ", "  "]))
            both(element, draw(text_langs), f"{padding}{value}{padding}", value)
    people: list[tuple[str, str, str, str | None]] = []
    for element in ("creator", "contributor"):
        for _ in range(draw(st.integers(0, 3))):
            family, given = draw(_CAPITAL), draw(_CAPITAL)
            han = draw(st.sampled_from(_HAN_FAMILIES)) + draw(_HAN_GIVEN)
            spelling, canonical, lang = draw(
                st.sampled_from(
                    [
                        (f"{family}, {given}", f"{family}, {given}", None),
                        (f"{given} {family}", f"{family}, {given}", None),
                        (han, han, "zh-Hans"),
                        (f"{han} ({family}, {given})", f"{han} ({family}, {given})", None),
                    ]
                )
            )
            people.append((element, spelling, canonical, lang))

    # In a record that inverts its Latin names, one in direct order is one given as it appears,
    # kept whole and written back so.
    def planned(inverts: bool) -> list[tuple[str, str, str, str | None]]:
        out = []
        creators: set[str] = set()
        for element, spelling, canonical, lang in people:
            # Every form of the person: 曾明堂 (Zeng, Mingtang) is 曾明堂 and Zeng, Mingtang.
            forms = {f.casefold() for f in canonical.rstrip(")").split(" (")}
            repeats = forms <= creators
            if inverts and "," not in spelling and lang is None:
                # Kept whole, and compared both as written and by its parts.
                forms |= {spelling.casefold()}
                repeats = bool(forms & creators)
                canonical = spelling
            if element == "creator":
                creators.update(forms)
            elif repeats:
                continue  # a contributor repeating a creator is read once (DSpace repeats them)
            out.append((element, spelling, canonical, lang))
        return out

    for inverts in (True, False):
        plan = planned(inverts)
        if inverts == any("," in p[1] and " (" not in p[1] for p in plan):
            break
    for element, spelling, canonical, lang in plan:
        both(element, lang, spelling, canonical)
    dates = draw(st.lists(_dc_date(), max_size=2))
    for i, (spelling, iso, _) in enumerate(dates):
        # The first date is the publication date, written back in W3CDTF (a W3CDTF timestamp
        # as it came); others verbatim.
        both("date", None, spelling, iso if i == 0 and "T" not in spelling else spelling)
    for value in draw(
        st.lists(
            st.sampled_from(
                [
                    "info:eu-repo/semantics/article",
                    "info:eu-repo/semantics/review",
                    "Text",
                    "Image",
                    "Journal Article",
                    "info:eu-repo/semantics/workingPaper",
                    "Research Paper",
                ]
            ),
            max_size=3,
            unique=True,
        )
    ):
        both("type", None, value)
    doi = f"10.{draw(st.integers(1000, 99999))}/{draw(_suffix)}"
    pmid = str(draw(st.integers(1, 10**9)))
    pmcid = f"PMC{draw(st.integers(1, 10**8))}"
    identifiers = [
        (f"doi:{doi}", f"https://doi.org/{doi}"),
        (f"info:doi/{doi}", f"https://doi.org/{doi}"),
        (f"https://doi.org/{doi}", f"https://doi.org/{doi}"),
        (f"http://dx.doi.org/{doi}", f"https://doi.org/{doi}"),
        (doi, f"https://doi.org/{doi}"),
        (f"PMID: {pmid}", f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"),
        (f"info:pmid/{pmid}", f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"),
        (pmcid, f"https://pmc.ncbi.nlm.nih.gov/articles/{pmcid}/"),
        (
            f"https://www.ncbi.nlm.nih.gov/pmc/articles/{pmcid}/",
            f"https://pmc.ncbi.nlm.nih.gov/articles/{pmcid}/",
        ),
        ("https://repository.example.org/handle/20.500.1/23", None),
        ("hdl:20.500.12345/8841", None),
        ("urn:nbn:de:0000-1234", None),
        ("ISBN 978-7-04-012345-6", None),
    ]
    for spelling, canonical in draw(st.lists(st.sampled_from(identifiers), max_size=3)):
        both("identifier", None, spelling, canonical)
    # The journal citation: its year is the publication date's (the writer takes it from there).
    year = dates[0][2] if dates else draw(st.one_of(st.none(), st.integers(1950, 2030)))
    title = " ".join(draw(st.lists(st.one_of(_CAPITAL, _DC_HAN_WORD), min_size=1, max_size=4)))
    volume, issue = draw(st.integers(1, 99)), draw(st.integers(1, 12))
    first, length = draw(st.integers(1, 900)), draw(st.integers(1, 40))
    spellings = [
        (f"vol. {volume}", f"Vol. {volume}", f"Volume {volume}"),
        (f"no. {issue}", f"No. {issue}", f"Issue {issue}"),
        (
            f"pp. {first}-{first + length}",
            f"pp {first}–{first + length}",
            f"Pages {first}-{first + length}",
        ),
    ]
    chosen = [i for i in range(3) if draw(st.booleans())]
    parts = [draw(st.sampled_from(spellings[i])) for i in chosen]
    if year is not None:
        parts.append(str(year))
    # Written back as it came, in whatever spelling (issue 17: a valid value is not rewritten).
    for lang in draw(st.lists(st.sampled_from(["en", "zh-Hans"]), max_size=2, unique=True)):
        both("source", lang, ", ".join([title, *parts]))
    # An ISSN's spelling is valid whatever its label: written back as it came.
    issn_spellings = [
        ("ISSN 1176-9114", "ISSN 1176-9114"),
        ("ISSN: 1176-9114", "ISSN: 1176-9114"),
        ("urn:ISSN:1176-9114", "urn:ISSN:1176-9114"),
        ("1176-9114", "1176-9114"),
        ("eISSN 1178-2013", "eISSN 1178-2013"),
        ("ISSN 2095-154X (print)", "ISSN 2095-154X (print)"),
        ("https://example.org/source", "https://example.org/source"),
        ("Breast Cancer Res 2004, 6:R17", "Breast Cancer Res 2004, 6:R17"),
    ]
    for spelling, canonical in draw(st.lists(st.sampled_from(issn_spellings), max_size=2)):
        both("source", None, spelling, canonical)
    # A language code is written back as the source wrote it; a name or a locale as ISO 639-3.
    language_spellings = [
        ("en", "en"),
        ("eng", "eng"),
        ("English", "eng"),
        ("zh", "zh"),
        ("chi", "chi"),
        ("中文", "zho"),
        ("zh-CN", "zh-CN"),
        ("zh_CN", "zho"),
        ("ja", "ja"),
        ("fre", "fre"),
        ("de", "de"),
    ]
    for i, (spelling, canonical) in enumerate(
        draw(st.lists(st.sampled_from(language_spellings), max_size=2))
    ):
        both("language", None, spelling, canonical if i == 0 else spelling)
    for value in draw(
        st.lists(
            st.sampled_from(
                [
                    "https://example.org/data/set-1",
                    "https://example.org/paper.pdf",
                    "Supplement to the 2019 survey",
                ]
            ),
            max_size=2,
        )
    ):
        both("relation", None, value)
    for value in draw(
        st.lists(
            st.sampled_from(
                [
                    "info:eu-repo/semantics/openAccess",
                    "info:eu-repo/semantics/closedAccess",
                    "info:eu-repo/semantics/embargoedAccess",
                    "Open Access",
                    "https://creativecommons.org/licenses/by/4.0/",
                    "© 2020 The Authors",
                ]
            ),
            max_size=3,
        )
    ):
        both("rights", None, value)

    # Elements in any order; values of one element in the order drawn (the first date and the
    # first language are the ones the reader maps).
    elements = draw(st.permutations(sorted({e for e, _, _ in written})))
    order = sorted(range(len(written)), key=lambda i: elements.index(written[i][0]))
    oai_dc = "http://www.openarchives.org/OAI/2.0/oai_dc/"
    dc = "http://purl.org/dc/elements/1.1/"
    root = xmlio.new(f"{{{oai_dc}}}dc", nsmap={"oai_dc": oai_dc, "dc": dc})
    for i in order:
        element, lang, value = written[i]
        xmlio.set_lang(xmlio.sub(root, f"{{{dc}}}{element}", value), lang)
    return xmlio.serialise(root), expected


# --- BibTeX -----------------------------------------------------------------------------------
# ``bibtex_records``: Records in BibTeX's value space — what a .bib entry (or a biblatex-gb7714
# bilingual @set pair) can say and the reader decides: one original title in the record's
# language, translations in English (written as the pair's English entry); Han texts whose
# script is marked by their characters; Han names with their pinyin; one publication type with
# what it carries (degree for theses, conference for conference papers, publisher outside
# journals); values full of the characters LaTeX treats specially.

_BIB_LATIN = st.text(alphabet="abcdefgxyzABCXYZéüß&%$#_{}~^\\-'`", min_size=1, max_size=9).filter(
    lambda w: w.lower() not in ("and", "others") and any(ch.isalpha() for ch in w)
)
_BIB_HANS = st.text(alphabet="细纳疗进医学书门马鸟鱼东风", min_size=1, max_size=6)
_BIB_HANT = st.text(alphabet="細納療進醫學書門馬鳥魚東風", min_size=1, max_size=6)
_BIB_GIVEN = {"zh-Hans": "东红伟军华丽", "zh-Hant": "東紅偉軍華麗"}
_BIB_FAMILY = {
    "zh-Hans": ["王", "李", "曾", "欧阳", "司马"],
    "zh-Hant": ["王", "李", "曾", "歐陽", "諸葛"],
}


@st.composite
def _bib_value(draw: Any, lang: str, max_words: int = 5) -> str:
    word = {"zh-Hans": _BIB_HANS, "zh-Hant": _BIB_HANT}.get(lang, _BIB_LATIN)
    return " ".join(draw(st.lists(word, min_size=1, max_size=max_words)))


@st.composite
def _bib_text(
    draw: Any, lang: str, variant: str = "original", marked: bool = False, cased: bool = False
) -> Text:
    """A BibTeX text; ``cased`` for a title field, where braces are case-protected spans."""
    value = draw(_bib_value(lang))
    kinds = INLINE_MARKS if cased else STYLE_MARKS
    return Text(value, lang, variant, draw(marks_for(value, kinds)) if marked else ())


@st.composite
def _bib_texts(draw: Any, main: str, bilingual: bool, max_size: int = 1) -> tuple[Text, ...]:
    out = list(draw(st.lists(_bib_text(main), max_size=max_size)))
    if bilingual and out:
        out.append(draw(_bib_text("en", "translation")))
    return tuple(out)


@st.composite
def _bib_contributor(draw: Any, main: str) -> Contributor:
    from normaliser.names import pinyin

    role = draw(st.sampled_from(["author", "author", "editor", "translator", "supervisor"]))
    kind = draw(st.sampled_from(["han", "latin", "initials", "body"]))
    if kind == "han" and main.startswith("zh"):
        given = draw(st.text(alphabet=_BIB_GIVEN[main], min_size=1, max_size=2))
        han = Name(draw(st.sampled_from(_BIB_FAMILY[main])), given, "eastern", main)
        romanised = pinyin(han)
        assert romanised is not None
        return Contributor((han, romanised), role)
    if kind == "body":
        return Contributor((Name(literal="World Health Organization", lang="und"),), role)
    family = draw(st.sampled_from(["Myburg", "Zeng", "van der Waals", "Müller", "O'Brien"]))
    given = draw(st.sampled_from(["A A", "M T", "Mingtang", "Jean-Luc", "Ana María"]))
    return Contributor((Name(family, given),), role)


_BIB_TYPES = [
    "journal-article",
    "newspaper-article",
    "thesis",
    "conference-paper",
    "book",
    "book-chapter",
    "patent",
    "standard",
    "dataset",
    "other",
]
_BIB_PAGES = ["6059-6083", "12", "A01", "210+209", "1106-1111+1117", "94-98,93", "S12-S19"]


@st.composite
def bibtex_records(draw: Any) -> Record:
    """A Record in BibTeX's value space (see above): ``read(write(r))`` gives it back."""
    from normaliser import pages

    main = draw(st.sampled_from(["en", "de", "zh-Hans", "zh-Hant"]))
    bilingual = main.startswith("zh") and draw(st.booleans())
    code = draw(st.sampled_from(_BIB_TYPES))
    titles = [draw(_bib_text(main, marked=True, cased=True))]
    if bilingual:
        titles.append(draw(_bib_text("en", "translation", marked=True, cased=True)))
    abstracts = []
    if draw(st.booleans()):
        abstracts.append(
            draw(
                headed(
                    Prose(
                        tuple(draw(st.lists(_bib_text(main, marked=True), min_size=1, max_size=3)))
                    )
                )
            )
        )
        if bilingual:
            abstracts.append(Prose((draw(_bib_text("en", "translation")),)))
    keywords = list(draw(st.lists(_bib_text(main), max_size=3)))
    if bilingual and keywords:
        keywords.extend(draw(st.lists(_bib_text("en", "translation"), min_size=1, max_size=2)))
    roles = ["author", "editor", "translator", "supervisor"]  # the order .bib fields give
    contributors = sorted(
        draw(st.lists(_bib_contributor(main), max_size=4)), key=lambda c: roles.index(c.role)
    )
    article = code in ("journal-article", "newspaper-article")
    journal_titles = draw(_bib_texts(main, bilingual))
    issn = draw(st.lists(st.sampled_from(["1176-9114", "0023-074X"]), max_size=1))
    journal_publishers = draw(_bib_texts(main, bilingual)) if article else ()
    journal = (
        Journal(
            titles=journal_titles,
            abbreviations=tuple(draw(st.lists(_bib_text(main), max_size=1))),
            identifiers=tuple(Identifier("issn", v) for v in issn),
            publishers=journal_publishers,
        )
        if journal_titles or issn or journal_publishers
        else None
    )
    publisher = None
    if not article and draw(st.booleans()):
        names_ = draw(_bib_texts(main, bilingual))
        places = draw(_bib_texts(main, bilingual))
        publisher = Publisher(names_, places) if names_ or places else None
    degree = None
    if code == "thesis":
        level = draw(st.sampled_from([None, "doctoral", "masters", "bachelors"]))
        grantors = draw(_bib_texts(main, bilingual))
        degree = Degree(Term("degree", level) if level else None, grantors)
        if not level and not grantors:
            degree = None
    conference = None
    if code == "conference-paper" and draw(st.booleans()):
        conference = Conference(
            draw(_bib_texts(main, bilingual)),
            draw(_bib_texts(main, bilingual)),
            draw(st.one_of(st.none(), partial_dates())),
        )
        if conference == Conference():
            conference = None
    statement = draw(st.one_of(st.none(), st.sampled_from(_BIB_PAGES)))
    parsed = pages.parse(statement) if statement else None
    if code == "book" and parsed is not None and parsed.first and not parsed.last:
        parsed = None  # a whole book's one number is its page count, not a first page
    book = code == "book"
    edition = draw(st.one_of(st.none(), st.sampled_from(["2", "修订本"]))) if book else None
    page_count = draw(st.one_of(st.none(), st.sampled_from(["35", "xii+186"]))) if book else None
    series = tuple(draw(st.lists(_bib_text(main), max_size=1))) if book else ()
    ids = draw(
        st.lists(
            st.one_of(
                st.builds(Identifier, st.just("doi"), st.sampled_from(["10.1360/972012-1055"])),
                st.builds(Identifier, st.just("isbn"), st.just("978-7-04-050954-2")),
                st.builds(Identifier, st.just("pmid"), st.integers(1, 10**8).map(str)),
            ),
            max_size=3,
            unique_by=lambda i: i.scheme,
        )
    )
    if code in ("patent", "standard"):
        number = draw(st.sampled_from(["CN88105607.3", "GB/T 7714-2015"]))
        ids.append(Identifier(f"{code}-number", number))
    order = ["doi", "isbn", "patent-number", "standard-number", "pmid"]  # as the reader finds them
    ids.sort(key=lambda i: order.index(i.scheme))
    extras: dict[str, Any] = draw(
        st.dictionaries(
            st.sampled_from(["note", "addendum", "howpublished"]),
            _bib_value(main),
            max_size=2,
        )
    )
    extras.update(
        draw(st.dictionaries(st.sampled_from(["x:count", "Opaque Key"]), json_values, max_size=1))
    )
    if contributors and contributors[0].role == "author" and draw(st.booleans()):
        extras["author.others"] = True
    return Record(
        titles=tuple(titles),
        contributors=tuple(contributors),
        abstracts=tuple(abstracts),
        keywords=tuple(keywords),
        journal=journal,
        volume=draw(st.one_of(st.none(), st.integers(1, 999).map(str))),
        issue=None if code in ("patent", "standard") else draw(st.one_of(st.none(), st.just("3"))),
        fpage=parsed.first if parsed else None,
        lpage=parsed.last if parsed else None,
        page_range=parsed.statement if parsed else None,
        elocation_id=draw(st.one_of(st.none(), st.just("e0123456"))),
        edition=edition,
        series=series,
        page_count=page_count,
        dates=tuple(Dated("published", d) for d in draw(st.lists(partial_dates(), max_size=1))),
        identifiers=tuple(ids),
        links=tuple(draw(st.lists(st.just(Link("https://example.org/a?b=1&c=2%20d")), max_size=1))),
        publication_types=(Term("publication-type", code),),
        conference=conference,
        degree=degree,
        publisher=publisher,
        language=main,
        extras=extras,
    )


# --- Line-tagged exports (NoteExpress, RIS) -----------------------------------------------------
# ``tagged_records(fmt)``: Records in the value space of a writable tagged format — what a CNKI
# or Wanfang export can say: one Chinese (or English) title and its English translation, Han
# authors with their pinyin forms, plain paragraphs, CNKI numbers and page statements, one record
# type and what that type carries (conference, degree, publisher), string extras under tags the
# format does not map.

_ZH_TITLES = [
    "城市轨道交通网络化运营客流预测方法研究",
    "钙离子通道在心肌缺血再灌注损伤中的作用",
    "乡村振兴背景下农村电商发展路径研究",
    "高速铁路无砟轨道结构层间病害演化机理研究",
]
_EN_TITLES = [
    "Passenger flow forecasting for urban rail transit",
    "Role of calcium channels in myocardial injury",
    "Paths of rural e-commerce development",
]
_ZH_PARAS = [
    "为提高城市轨道交通网络化运营条件下的客流预测精度，构建了融合时空特征的预测模型。",
    "以北京市轨道交通2019年刷卡数据为例，模型平均绝对百分比误差降低至8.6%。",
    "结果 营养干预可提高四肢骨骼肌量。",
]
_EN_PARAS = [
    "To improve the accuracy of passenger flow forecasting, a model is built.",
    "Twelve randomized controlled trials were included (p<0.05 & n>30).",
]
_ZH_WORDS = ["城市轨道交通", "客流预测", "深度学习", "肌少症", "营养干预", "系统评价"]
_EN_WORDS = ["urban rail transit", "deep learning", "sarcopenia", "systematic review"]
_ZH_PEOPLE = ["王晓燕", "李建国", "欧阳文博", "张婷", "陈志豪", "曾明堂", "单宏伟", "周明"]
_ZH_JOURNALS = ["交通运输系统工程与信息", "中华心血管病杂志", "中国全科医学"]
_EN_JOURNALS = ["Journal of Transportation Systems Engineering", "Chinese General Practice"]
_EN_PEOPLE = ["Tony Boobier", "Jane A. Smith", "Maria van der Berg"]
_ZH_PLACES = ["北京", "中国江苏南京", "上海"]
_ZH_ORGS = ["北京交通大学", "中国电机工程学会", "中国标准出版社"]
_TAGGED_TYPES = [
    "journal-article",
    "thesis",
    "conference-paper",
    "newspaper-article",
    "book",
    "standard",
    "patent",
]
_TAGGED_EXTRAS = {
    "noteexpress": ["Subsidiary Author", "SrcDatabase", "Tertiary Title"],
    "ris": ["C1", "C2", "M1"],
}


def _zh(value: str) -> Text:
    """A Chinese text tagged as a reader tags it: by the characters it uses (肌少症 tells no
    script: ``zh`` until the rest of its record settles it)."""
    from normaliser.text import detect_lang

    return Text(value, detect_lang(value)[0])


@st.composite
def tagged_records(draw: Any, fmt: str = "noteexpress") -> Record:
    """Records a NoteExpress or RIS export can carry, as its reader builds them."""
    from normaliser import names as name_module
    from normaliser.pages import parse as parse_pages
    from normaliser.tagged import pair

    kind = draw(st.sampled_from(_TAGGED_TYPES))
    chinese = draw(st.booleans())
    titles: list[Text] = []
    if chinese:
        titles.append(_zh(draw(st.sampled_from(_ZH_TITLES))))
        if draw(st.booleans()):
            titles.append(Text(draw(st.sampled_from(_EN_TITLES)), "en", "translation"))
    elif draw(st.booleans()):
        titles.append(Text(draw(st.sampled_from(_EN_TITLES)), "en"))
    people = draw(st.lists(st.sampled_from(_ZH_PEOPLE), max_size=4, unique=True))
    if fmt == "ris":  # RIS writes Latin names family first: "Boobier, Tony"
        people += draw(st.lists(st.sampled_from(_EN_PEOPLE), max_size=2, unique=True))
    contributors = [
        Contributor(tuple(forms)) for forms in pair([name_module.parse_name(p) for p in people], [])
    ]
    if kind == "thesis" and draw(st.booleans()):
        [forms] = pair([name_module.parse_name(draw(st.sampled_from(_ZH_PEOPLE)))], [])
        contributors.append(Contributor(tuple(forms), role="supervisor"))
    abstracts: list[Prose] = []
    if draw(st.booleans()):
        paras = draw(st.lists(st.sampled_from(_ZH_PARAS), min_size=1, max_size=3))
        abstracts.append(draw(headed(Prose(tuple(_zh(p) for p in paras)))))
    if draw(st.booleans()):
        paras = draw(st.lists(st.sampled_from(_EN_PARAS), min_size=1, max_size=2))
        variant = "translation" if abstracts else "original"
        abstracts.append(draw(headed(Prose(tuple(Text(p, "en", variant) for p in paras)))))
    keywords = [_zh(w) for w in draw(st.lists(st.sampled_from(_ZH_WORDS), max_size=3, unique=True))]
    keywords += [  # RIS has one keyword tag: its English keywords are no translation
        Text(w, "en", "translation" if fmt == "noteexpress" else "original")
        for w in draw(st.lists(st.sampled_from(_EN_WORDS), max_size=2, unique=True))
    ]
    journal = None
    if kind in ("journal-article", "newspaper-article") and draw(st.booleans()):
        ids = []
        if draw(st.booleans()):
            ids.append(Identifier("issn-print", draw(st.sampled_from(DC_ISSNS))))
        if kind == "journal-article" and draw(st.booleans()):
            ids.append(Identifier("cn", draw(st.sampled_from(["11-4520/U", "11-2148/R"]))))
        jtitles = [_zh(draw(st.sampled_from(_ZH_JOURNALS)))]
        if draw(st.booleans()):  # the English title beside it: {Translated Journal}, RIS J2
            jtitles.append(Text(draw(st.sampled_from(_EN_JOURNALS)), "en", "translation"))
        journal = Journal(titles=tuple(jtitles), identifiers=tuple(ids))
    statement = draw(
        st.one_of(
            st.none(),
            st.sampled_from(
                ["7-12", "210+209", "94-98, 93", "A01", "1106-1111+1117", "15", "e0123456"]
            ),
        )
    )
    pages = parse_pages(statement) if statement else None
    year = draw(st.integers(1990, 2025))
    # A conference paper's full date is its meeting's: its publication is known to the year.
    month = None if kind == "conference-paper" else draw(st.one_of(st.none(), st.integers(1, 12)))
    published = PartialDate(
        year, month, draw(st.one_of(st.none(), st.integers(1, 28))) if month else None
    )
    identifiers = []
    if draw(st.booleans()):
        identifiers.append(
            Identifier("doi", f"10.16097/j.cnki.{year}.{draw(st.integers(1, 99)):02d}")
        )
    if kind in ("standard", "patent") and draw(st.booleans()):
        identifiers.append(
            Identifier(f"{kind}-number", draw(st.sampled_from(["GB/T 7714-2015", "CN112345678A"])))
        )
    conference = degree = publisher = None
    if kind == "conference-paper" and draw(st.booleans()):
        conference = Conference(
            names=(_zh("2019年中国电机工程学会年会"),),
            places=tuple(_zh(p) for p in draw(st.lists(st.sampled_from(_ZH_PLACES), max_size=1))),
            date=draw(st.one_of(st.none(), st.just(PartialDate(year, 10, 22)))),
        )
    if kind == "thesis":
        degree = Degree(
            Term("degree", draw(st.sampled_from(["doctoral", "masters"]))),
            (_zh(draw(st.sampled_from(_ZH_ORGS))),),
        )
    if kind in ("book", "standard") and draw(st.booleans()):
        publisher = Publisher(
            (_zh(draw(st.sampled_from(_ZH_ORGS))),),
            tuple(_zh(p) for p in draw(st.lists(st.sampled_from(_ZH_PLACES), max_size=1))),
        )
    if kind == "patent" and draw(st.booleans()):  # its holder (assignee): RIS PB of a PAT
        holder = _zh(draw(st.sampled_from(_ZH_ORGS)))
        contributors.append(
            Contributor((Name(literal=holder.value, lang=holder.lang, style="eastern"),), "holder")
        )
    edition = series = None
    if kind == "book" and fmt == "ris":  # RIS ET and T3
        edition = draw(st.sampled_from([None, "2", "修订本"]))
        series = draw(st.sampled_from([None, "城市研究丛书"]))
    season = None
    # An issue's season beside its year (a conference paper's date slot is its meeting's).
    if month is None and kind != "conference-paper" and draw(st.booleans()):
        season = draw(st.sampled_from(["Spring", "May-Aug", "Jul-Sep"]))
    if not titles and not contributors and not identifiers:
        # A record with nothing to catalogue is a reject (issue 15).
        titles.append(Text(draw(st.sampled_from(_EN_TITLES)), "en"))
    # With no language tag the reader takes the main title's language.
    language = titles[0].lang if titles else draw(st.sampled_from([None, "en"]))
    extras = draw(
        st.dictionaries(
            st.sampled_from(_TAGGED_EXTRAS[fmt]),
            st.sampled_from(["中国电机工程学会", "2", "Proceedings of CSEE"]),
            max_size=2,
        )
    )
    from normaliser.text import settle_scripts

    record = Record(
        titles=tuple(titles),
        contributors=tuple(contributors),
        affiliations=tuple(
            _zh(a) for a in draw(st.lists(st.sampled_from(_ZH_ORGS), max_size=2, unique=True))
        ),
        abstracts=tuple(abstracts),
        keywords=tuple(keywords),
        journal=journal,
        volume=draw(st.one_of(st.none(), st.integers(1, 80).map(str))),
        issue=draw(st.one_of(st.none(), st.integers(1, 12).map(str))),
        fpage=pages.first if pages else None,
        lpage=pages.last if pages else None,
        page_range=pages.statement if pages else None,
        elocation_id=pages.elocation_id if pages else None,
        dates=(Dated("published", published, season=season),),
        identifiers=tuple(identifiers),
        links=tuple(
            Link(u)
            for u in draw(
                st.lists(st.just("https://kns.cnki.net/kcms/detail/a.html?x=1&y=2"), max_size=1)
            )
        ),
        publication_types=(Term("publication-type", kind),),
        language=language,
        provenance=Provenance(fmt, draw(st.sampled_from([None, "CNKI", "Wanfang", "VIP"]))),
        conference=conference,
        degree=degree,
        publisher=publisher,
        edition=edition,
        series=(_zh(series),) if series else (),
        extras=extras,
    )
    settled: Record = settle_scripts(record)[0]  # as every reader settles them
    return settled


@st.composite
def cnmarc_records(draw: Any) -> Record:
    """Records a CNMARC record carries, as its reader builds them: a Chinese (or English) title
    with its parallel title, Han-script persons with their pinyin, abstracts, keywords, CLC
    classes, the host journal and where in it, a thesis's degree, ISBN and DOI."""
    from normaliser import names as name_module
    from normaliser.pages import parse as parse_pages
    from normaliser.text import settle_scripts

    kind = draw(st.sampled_from(["journal-article", "review", "book", "thesis"]))
    chinese = draw(st.booleans())
    if chinese:
        titles = [_zh(draw(st.sampled_from(_ZH_TITLES)))]
        if draw(st.booleans()):
            titles.append(Text(draw(st.sampled_from(_EN_TITLES)), "en", "translation"))
    else:
        titles = [Text(draw(st.sampled_from(_EN_TITLES)), "en")]
    contributors = []
    for person in draw(st.lists(st.sampled_from(_ZH_PEOPLE), max_size=3, unique=True)):
        han = name_module.parse_name(person)
        pinyin = name_module.pinyin(han)
        forms = (han,) if pinyin is None else (han, pinyin)
        contributors.append(Contributor(forms))
    if kind == "thesis" and draw(st.booleans()):
        han = name_module.parse_name(draw(st.sampled_from(_ZH_PEOPLE)))
        pinyin = name_module.pinyin(han)
        forms = (han,) if pinyin is None else (han, pinyin)
        contributors.append(Contributor(forms, role="supervisor"))
    abstracts: list[Prose] = []
    if chinese and draw(st.booleans()):
        paras = draw(st.lists(st.sampled_from(_ZH_PARAS), min_size=1, max_size=2, unique=True))
        abstracts.append(Prose(tuple(_zh(p) for p in paras)))
    if draw(st.booleans()):
        para = draw(st.sampled_from(_EN_PARAS))
        abstracts.append(Prose((Text(para, "en", "translation" if abstracts else "original"),)))
    keywords = [_zh(w) for w in draw(st.lists(st.sampled_from(_ZH_WORDS), max_size=3, unique=True))]
    journal = None
    statement = None
    volume = issue = None
    if kind in ("journal-article", "review"):
        ids = [Identifier("issn", v) for v in draw(st.lists(st.sampled_from(DC_ISSNS), max_size=1))]
        jtitles = (_zh(draw(st.sampled_from(_ZH_JOURNALS))),)
        journal = Journal(titles=jtitles, identifiers=tuple(ids))
        statement = draw(st.one_of(st.none(), st.sampled_from(["7-12", "15", "1106-1111"])))
        volume = draw(st.one_of(st.none(), st.integers(1, 80).map(str)))
        issue = draw(st.one_of(st.none(), st.integers(1, 12).map(str)))
    pages = parse_pages(statement) if statement else None
    year = draw(st.integers(1990, 2025))
    month = draw(st.one_of(st.none(), st.integers(1, 12)))
    day = draw(st.one_of(st.none(), st.integers(1, 28))) if month else None
    identifiers = []
    if draw(st.booleans()):
        identifiers.append(Identifier("doi", f"10.16097/j.cnki.{year}.{draw(st.integers(1, 99))}"))
    if kind == "book" and draw(st.booleans()):
        identifiers.insert(0, Identifier("isbn", "9787302123456"))  # 010 before 017
    degree = None
    if kind == "thesis":
        degree = Degree(
            Term("degree", draw(st.sampled_from(["doctoral", "masters"]))),
            (_zh(draw(st.sampled_from(_ZH_ORGS))),),
        )
    subjects = tuple(
        Term("clc", c) for c in draw(st.lists(st.sampled_from(["R73", "U213.2"]), max_size=2))
    )
    record = Record(
        titles=tuple(titles),
        contributors=tuple(contributors),
        abstracts=tuple(abstracts),
        keywords=tuple(keywords),
        journal=journal,
        volume=volume,
        issue=issue,
        fpage=pages.first if pages else None,
        lpage=pages.last if pages else None,
        page_range=pages.statement if pages else None,
        dates=(Dated("published", PartialDate(year, month, day)),),
        identifiers=tuple(identifiers),
        subjects=tuple(dict.fromkeys(subjects)),
        publication_types=(Term("publication-type", kind),),
        language=titles[0].lang,
        degree=degree,
    )
    settled: Record = settle_scripts(record)[0]
    return settled


#: The kinds an aggregator, PMC or eLife record gives its publication date (DOMAIN: the PubMed
#: publication models), none of them ``published``.
PUBLICATION_DATE_KINDS = (
    ("published",),
    ("epub",),
    ("ppub",),
    ("collection",),
    ("epub", "collection"),
    ("ppub", "epub"),
)


@st.composite
def tagged_sources(draw: Any, fmt: str = "noteexpress") -> tuple[Record, Record]:
    """(source, expected): a record whose publication date is of the kinds other readers give
    (epub, print, collection), and the record a tagged export of it reads back: itself (the
    year and date on the format's tags, their kinds on its fidelity line)."""
    plain = draw(tagged_records(fmt))
    kinds = draw(st.sampled_from(PUBLICATION_DATE_KINDS))
    [published] = plain.dates
    dates = tuple(Dated(kind, published.date, season=published.season) for kind in kinds)
    source = replace(plain, dates=dates)
    return source, source


# --- Fuzzing: damaged inputs for every reader ---------------------------------------------------

#: Text a hostile or broken export may hold: controls, non-characters, lone surrogates, markup.
HOSTILE = "\x00\x01\x08\x0b\x1f\x7f\ufffe\uffff\ud800\udfff<>&;\"'\\{}[]:,\r\n\t " + SIMPLIFIED[:6]
_hostile_text = st.text(alphabet=HOSTILE + LATIN, max_size=40)
wrong_leaves = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=True, allow_infinity=True),
        _hostile_text,
        st.sampled_from(["", "null", "N/A", "暂无", "0000-00-00", "9999", "Q9", "e", "-1"]),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_hostile_text, inner, max_size=3),
    max_leaves=6,
)


@st.composite
def wrong_leaves_of(draw: Any, value: Any, rate: float = 0.3) -> Any:
    """``value`` (a decoded JSON document) with the same shape but some leaves, lists or objects
    replaced by values of any type; keys are sometimes dropped or repeated under new spellings."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            roll = draw(st.floats(0, 1))
            if roll < rate / 4:
                continue  # the key is missing
            out[key] = draw(wrong_leaves_of(item, rate))
            if roll > 1 - rate / 8:
                out[key.upper() if key != key.upper() else key.lower()] = draw(wrong_leaves)
        return out
    if isinstance(value, list):
        return [draw(wrong_leaves_of(item, rate)) for item in value]
    return draw(wrong_leaves) if draw(st.floats(0, 1)) < rate else value


_XML_TOKEN = r"(<[^>]*>)"


@st.composite
def mutated_xml(draw: Any, document: str) -> str:
    """An XML document with a few of its tags and text runs dropped, repeated, swapped or
    replaced (by hostile text, other tags, entity references, or a cut)."""
    import re

    tokens = [t for t in re.split(_XML_TOKEN, document) if t]
    for _ in range(draw(st.integers(1, 5))):
        if not tokens:
            break
        at = draw(st.integers(0, len(tokens) - 1))
        op = draw(st.sampled_from(["drop", "repeat", "swap", "text", "tag", "entity", "cut"]))
        if op == "drop":
            del tokens[at]
        elif op == "repeat":
            tokens[at:at] = tokens[at : at + draw(st.integers(1, 6))]
        elif op == "swap":
            other = draw(st.integers(0, len(tokens) - 1))
            tokens[at], tokens[other] = tokens[other], tokens[at]
        elif op == "text":
            tokens.insert(at, draw(_hostile_text))
        elif op == "tag":
            names = ["p", "article", "dc:title", "x:y", "record", "!--", "?pi"]
            name = draw(st.sampled_from(names))
            tokens.insert(at, draw(st.sampled_from([f"<{name}>", f"</{name}>", f"<{name}/>"])))
        elif op == "entity":
            ref = ["&amp;", "&lt;", "&nbsp;", "&#0;", "&#xD800;", "&#1114112;", "&ent;", "&"]
            tokens.insert(at, draw(st.sampled_from(ref)))
        else:
            del tokens[at:]
    return "".join(tokens)


@st.composite
def mutated_bytes(draw: Any, data: bytes) -> bytes:
    """A sample with a few bytes cut, repeated, replaced, or the rest truncated."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(0, len(out) - 1)))
        op = draw(st.sampled_from(["cut", "dup", "byte", "truncate"]))
        if op == "cut":
            del out[at : at + draw(st.integers(1, 40))]
        elif op == "dup":
            out[at:at] = out[at : at + draw(st.integers(1, 40))]
        elif op == "byte":
            out[at : at + 1] = bytes([draw(st.integers(0, 255))])
        else:
            del out[at:]
    return bytes(out)


_GARBAGE = st.one_of(
    st.binary(min_size=1, max_size=40),
    st.sampled_from(
        [
            b"\xff\xfe",
            b"\x00",
            b"\r",
            b"\r\n",
            b"{",
            b"}",
            b"<",
            b"</x>",
            b"@article{",
            b"ER  - \n",
            b"TY  - JOUR\n",
            b"%0 Journal Article\n",
            b"{Reference Type}: \n",
            b"]]>",
            b"&amp;",
            "\u4e2d\u6587".encode("gb18030"),
            "\u4e2d\u6587".encode("utf-8"),
        ]
    ),
)


@st.composite
def mutated_file(draw: Any, data: bytes) -> bytes:
    """A whole input file damaged as files are: bytes flipped, lines deleted or duplicated,
    garbage inserted, the end cut off (issue 18's fuzzing)."""
    lines = data.splitlines(keepends=True) or [data]
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "delete", "duplicate", "garbage", "truncate"]))
        at = draw(st.integers(0, max(0, len(lines) - 1)))
        if not lines:
            lines = [b""]
        if op == "flip" and lines[at]:
            line = bytearray(lines[at])
            pos = draw(st.integers(0, len(line) - 1))
            line[pos] ^= draw(st.sampled_from([0x01, 0x20, 0x80, 0xFF]))
            lines[at] = bytes(line)
        elif op == "delete":
            del lines[at : at + draw(st.integers(1, 3))]
        elif op == "duplicate":
            lines[at:at] = lines[at : at + draw(st.integers(1, 6))]
        elif op == "garbage":
            line = lines[at]
            pos = draw(st.integers(0, len(line)))
            lines[at] = line[:pos] + draw(_GARBAGE) + line[pos:]
        else:
            line = lines[at]
            lines = [*lines[:at], line[: draw(st.integers(0, len(line)))]]
    return b"".join(lines)


@st.composite
def mutated_lines(draw: Any, document: str) -> str:
    """A line-oriented export (tagged fields) with lines dropped, repeated, swapped, cut, or
    their values replaced by hostile text."""
    lines = document.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 5))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "repeat", "swap", "value", "cut"]))
        if op == "drop":
            del lines[at]
        elif op == "repeat":
            lines[at:at] = lines[at : at + draw(st.integers(1, 4))]
        elif op == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif op == "value":
            keep = draw(st.integers(0, min(6, len(lines[at]))))
            lines[at] = lines[at][:keep] + draw(_hostile_text) + "\n"
        else:
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
            del lines[at + 1 :]
    return "".join(lines)


# --- OpenCC -----------------------------------------------------------------------------------
# ``opencc_texts``: text that exercises Simplified/Traditional conversion hard: whole phrase keys
# of the dictionaries, their fragments (so that occurrences overlap and compete), characters of
# both scripts (astral ones too), separators, Latin and white space, glued together.
# ``simplified_texts``: text written in Simplified characters and words only.

_SEPARATORS = " \t\n-,.?!*　，。、；：？！…“”‘’『』「」—－（）《》〈〉～．／＼【】［］"
_OTHERS = st.sampled_from([*_SEPARATORS, "ab", "PM2.5", "3", "α", "é", "·", "〇", "﹏", "\u00a0"])


def _opencc_keys(name: str) -> list[str]:
    """The keys of one of opencc-python-reimplemented's dictionary files (test data: never
    copied, read where the package installed them)."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / name
    with open(path, encoding="utf-8") as fh:
        return sorted({line.split("\t", 1)[0] for line in fh if "\t" in line})


def _fragment(key: str, cut: int) -> str:
    """A prefix or suffix of a phrase key: the start or end of a competing occurrence."""
    cut = cut % max(1, len(key) - 1) + 1
    return key[cut:] if cut % 2 else key[:cut]


@lru_cache(maxsize=1)
def _opencc_pieces() -> tuple[Any, Any]:
    """The pieces ``opencc_texts`` and ``simplified_texts`` glue together, built once: the
    dictionaries are large, and a strategy over them is slow to make."""
    st_chars, ts_chars = _opencc_keys("STCharacters.txt"), _opencc_keys("TSCharacters.txt")
    st_phrases, ts_phrases = _opencc_keys("STPhrases.txt"), _opencc_keys("TSPhrases.txt")
    variants = _opencc_keys("TWVariants.txt") + _opencc_keys("HKVariants.txt")
    phrase = st.sampled_from(st_phrases + ts_phrases)
    chars = sorted(set(st_chars) | set(ts_chars) | set(variants) | set(TRADITIONAL))
    simplified = sorted(set(st_chars) | set(SIMPLIFIED) | set("的是在了和有这个为中研究结果方法"))
    mixed = st.one_of(
        phrase,
        st.builds(_fragment, phrase, st.integers(0, 20)),
        st.text(alphabet=st.sampled_from(chars), min_size=1, max_size=4),
        st.text(alphabet=SIMPLIFIED + TRADITIONAL + ASTRAL, min_size=1, max_size=3),
        _OTHERS,
    )
    pure = st.one_of(
        st.sampled_from(st_phrases),
        st.text(alphabet=st.sampled_from(simplified), min_size=1, max_size=4),
        _OTHERS,
    )
    return mixed, pure


@st.composite
def opencc_texts(draw: Any, max_pieces: int = 12) -> str:
    return "".join(draw(st.lists(_opencc_pieces()[0], max_size=max_pieces)))


@st.composite
def simplified_texts(draw: Any, max_pieces: int = 10) -> str:
    return "".join(draw(st.lists(_opencc_pieces()[1], min_size=1, max_size=max_pieces)))


@st.composite
def chinese_records(draw: Any) -> Record:
    """Records whose text fields hold Chinese under various tags (and Latin beside it), with
    marks, names, labels and journal data: what ``to_script`` has to convert."""
    lang = st.sampled_from(["zh-Hans", "zh-Hant", "zh", "zh-CN", "zh-TW", "zh-Hant-HK", "en"])
    variant = st.sampled_from(VARIANTS)

    @st.composite
    def text(draw: Any, lang: Any = lang, marked: bool = True) -> Text:
        value = draw(opencc_texts(max_pieces=3))
        value = value if value.strip() else "中" + value
        return Text(value, draw(lang), draw(variant), draw(marks_for(value)) if marked else ())

    @st.composite
    def prose(draw: Any) -> Prose:
        chosen, kind = draw(lang), draw(variant)
        paragraphs = draw(st.lists(text(lang=st.just(chosen)), min_size=1, max_size=2))
        return Prose(tuple(Text(p.value, chosen, kind, p.marks) for p in paragraphs))

    def few(strategy: Any, most: int = 2) -> Any:
        return st.lists(strategy, max_size=most).map(tuple)

    han = st.text(alphabet=SIMPLIFIED + TRADITIONAL, min_size=1, max_size=3)
    name = st.builds(
        Name,
        family=st.sampled_from(["欧阳", "範", "范", "于", "曾", "鍾", "钟"]),
        given=st.one_of(st.none(), han),
        style=st.just("eastern"),
        lang=lang,
        variant=variant,
    ) | st.builds(
        Name, literal=st.just("约翰·史密斯"), style=st.just("eastern"), lang=lang, variant=variant
    )
    contributor = st.builds(
        Contributor,
        names=st.lists(name, min_size=1, max_size=2).map(tuple),
        affiliations=few(text(marked=False), 1),
    )
    term = st.builds(
        Term,
        vocabulary=st.just("cas-category"),
        labels=st.lists(text(marked=False), min_size=1, max_size=2).map(tuple),
    )
    journal = st.builds(
        Journal,
        titles=few(text(marked=False), 1),
        publishers=few(text(marked=False), 1),
        descriptions=few(prose(), 1),
    )
    metric = st.builds(Metric, name=st.just("cas-zone"), value=st.just("1"), category=term)
    return Record(
        titles=draw(few(text())),
        contributors=draw(few(contributor)),
        affiliations=draw(few(text(marked=False), 1)),
        abstracts=draw(few(prose(), 1)),
        keywords=draw(few(text(marked=False))),
        journal=draw(st.one_of(st.none(), journal)),
        subjects=draw(few(term, 1)),
        metrics=draw(few(metric, 1)),
        conference=draw(
            st.one_of(st.none(), st.builds(Conference, names=few(text(marked=False), 1)))
        ),
        degree=draw(st.one_of(st.none(), st.builds(Degree, grantors=few(text(marked=False), 1)))),
        publisher=draw(
            st.one_of(st.none(), st.builds(Publisher, names=few(text(marked=False), 1)))
        ),
        language=draw(st.one_of(st.none(), lang)),
        extras={"原始": "简体中文 不转换"},
    )


# --- Messy text for the text-cleaning equivalence properties ----------------------------------

#: Characters text cleaning must treat right: CJK (both scripts, punctuation, full-width forms,
#: astral), kana and hangul, combining marks, ``_``, every kind of white space (NBSP, ideographic
#: space, CR/LF/tab, NEL, line separator), lone surrogates, characters XML cannot carry, and the
#: characters of markup.
MESSY = (
    SIMPLIFIED[:12]
    + TRADITIONAL[:12]
    + ASTRAL
    + "，。、：；（）《》「」ＡＢ１２ひらカナ한국"
    + "abcXYZ019éüßİﬁ_-'.;:!?"
    + "\u0301\u0308\u20dd"
    + " \u00a0\u3000\r\n\t\x0b\x0c\x85\u2028\u2009\x1c"
    + "\ud800\udfff\x00\x01\x1f\ufffe\uffff"
    + "<>&;#/="
)

messy_text = st.one_of(
    st.text(alphabet=MESSY, max_size=60),
    st.text(alphabet="中文，。 \n\r\t\u3000\xa0a_", max_size=16),  # where lines wrap
    st.text(max_size=30),
    st.lists(st.sampled_from(["", " ", "  ", "\n", "\r\n", "\n\n", "\t", "\u3000", "\xa0"]))
    .map("字 a".join)
    .filter(bool),
)

_TAGS = [
    "p", "div", "br", "li", "h1", "title", "sec", "abstract", "hr", "span", "a", "foo",
    "b", "i", "em", "strong", "sup", "sub", "italic", "bold",
    "jats:p", "jats:italic", "jats:title", "mml:math", "x:b", "I", "SUP",
    "script", "style", "math", "svg",
]  # fmt: skip
_ENTITIES = ["&amp;", "&lt;", "&gt;", "&nbsp;", "&minus;", "&#x4e2d;", "&#20013;", "&#0;",
             "&bogus;", "&", "&#", "&#12", "&amp", "&#xd800;"]  # fmt: skip


@st.composite
def messy_html(draw: Any) -> str:
    """HTML as dumps write it, and worse: nested, unbalanced and unknown tags (with prefixes
    and attributes), entities good and bad, comments, stray ``<`` and ``>``, messy text."""
    tag = st.sampled_from(_TAGS)
    token = st.one_of(
        messy_text,
        tag.map(lambda t: f"<{t}>"),
        tag.map(lambda t: f"</{t}>"),
        tag.map(lambda t: f"<{t}/>"),
        tag.map(lambda t: f'<{t} class="x" id=y>'),
        tag.map(lambda t: f"<{t} xmlns:x=\"u:/v&amp;\"\n a='b' />"),
        st.sampled_from(["< ", "<0", "<<", "<=", "</ ", "<\n"]),
        st.sampled_from(_ENTITIES),
        st.sampled_from(["<!-- c -->", "<!DOCTYPE html>", "<", ">", "< p>", "<![CDATA[x]]>"]),
    )
    return "".join(draw(st.lists(token, max_size=25)))


@st.composite
def simple_html(draw: Any) -> str:
    """HTML as aggregator abstracts write it: only simple tags (``<name>``, ``</name>``,
    ``<name/>``, quoted attributes) and ``<`` as text, so that the one-regex reading of
    ``text._chunked`` takes it: marks nested, unbalanced and deep, block and skipped elements,
    entities good and bad, white space of every kind."""
    tag = st.sampled_from([t for t in _TAGS if t not in ("script", "style")])
    token = st.one_of(
        messy_text,
        st.sampled_from(["CO", "2", " ", "  ", "\n", "\t", "中文", "P", "Abstract", "x\u3000y"]),
        tag.map(lambda t: f"<{t}>"),
        tag.map(lambda t: f"</{t}>"),
        tag.map(lambda t: f"<{t}/>"),
        tag.map(lambda t: f'<{t} class="x">'),
        st.sampled_from(["< ", "<0", "<=", " < 0.05", "<\n"]),
        st.sampled_from(_ENTITIES),
    )
    return "".join(draw(st.lists(token, max_size=40)))


# --- MARC 21 (marc, marcxml) -------------------------------------------------------------------

#: Words whose characters tell their script (Simplified), so that a reader tags them zh-Hans.
_MARC_HAN = (
    "铁路",
    "轨道",
    "发展",
    "经济",
    "国家",
    "统计",
    "学习",
    "时间",
    "图书馆",
    "网络",
    "数据",
)
_MARC_EN = ("track", "railway", "growth", "data", "network", "library", "study", "model", "time")
_MARC_SURNAMES = "张刘陈杨赵黄吴"
_MARC_GIVEN = "红华伟丽军东"


@st.composite
def _marc_han(draw: Any, words: int = 3) -> str:
    return "".join(draw(st.lists(st.sampled_from(_MARC_HAN), min_size=1, max_size=words)))


@st.composite
def _marc_en(draw: Any, words: int = 6) -> str:
    chosen = draw(st.lists(st.sampled_from(_MARC_EN), min_size=1, max_size=words))
    return " ".join(chosen).capitalize()


@st.composite
def _marc_contributor(draw: Any, romanised: bool = False) -> Contributor:
    from normaliser.names import pinyin

    if draw(st.booleans()):
        family = draw(st.sampled_from(_MARC_SURNAMES))
        given = "".join(draw(st.lists(st.sampled_from(_MARC_GIVEN), min_size=1, max_size=2)))
        han = Name(family=family, given=given, style="eastern", lang="zh-Hans")
        latin = pinyin(han)
        paired = latin is not None and (romanised or draw(st.booleans()))
        names_ = (han, latin) if paired and latin is not None else (han,)
    else:
        family = draw(st.sampled_from(("Smith", "Garcia", "Okafor", "Lindqvist")))
        given = draw(st.sampled_from(("Anna", "John Paul", "Mei", "K.")))
        names_ = (Name(family=family, given=given),)
    affiliations = tuple(
        draw(st.lists(st.sampled_from((Text("国家图书馆", "zh-Hans"),)), max_size=1))
    )
    return Contributor(
        names=names_,
        role=draw(st.sampled_from(("author", "editor", "translator", "supervisor"))),
        orcid=draw(st.one_of(st.none(), st.just("0000-0002-1825-0097"))),
        affiliations=affiliations,
    )


@st.composite
def marc_records(draw: Any, romanised: bool = False) -> Record:
    """Records in MARC 21's value space: a Chinese or English record, its title and parallel
    title, persons (a Han name with its pinyin form, or a Latin one), abstracts (one a
    language), keywords, the host journal and its citation, identifiers, links, type, degree,
    metrics and extras. The language of English text is told by 041, so a Chinese record with
    English text has an English abstract. ``romanised``: every Han title and name has its pinyin
    (Model A writes the record's own, else makes one, which reads back as a new form)."""
    from normaliser.names import syllable_words

    chinese = draw(st.booleans())
    language = "zh-Hans" if chinese else "en"
    han_title = draw(_marc_han(5))
    en_title = draw(_marc_en())
    english = not chinese or draw(st.booleans())
    if chinese:
        titles = [Text(han_title, "zh-Hans")]
        if english:
            titles.append(Text(en_title, "en", "translation"))
    else:
        titles = [Text(en_title, "en")]
        if draw(st.booleans()):
            titles.append(Text(han_title, "zh-Hans", "translation"))
    if (len(titles) > 1 or chinese) and (romanised or draw(st.booleans())):
        roman = syllable_words(han_title)
        titles.append(Text(roman[:1].upper() + roman[1:], "zh-Latn-pinyin", "transliteration"))
    abstracts = []
    if chinese:
        abstracts.append(Prose((Text(draw(_marc_han(8)), "zh-Hans"),)))
    if english:
        variant = "translation" if chinese else "original"
        abstracts.append(Prose((Text(draw(_marc_en(12)), "en", variant),)))
    keywords = [
        Text(draw(_marc_han(2)), "zh-Hans", "original" if chinese else "translation")
        for _ in range(draw(st.integers(0, 2)))
    ]
    if english:
        keywords.append(Text(draw(_marc_en(2)), "en", "translation" if chinese else "original"))
    journal = draw(
        st.one_of(
            st.none(),
            st.builds(
                Journal,
                titles=st.sampled_from(
                    ((Text("中国铁道科学", "zh-Hans"),), (Text("Railway Science", "en"),))
                ).filter(lambda t: english or t[0].lang != "en"),
                identifiers=st.sampled_from(
                    (
                        (),
                        (Identifier("issn", "1001-4632"),),
                        (Identifier("aggregator-journal-id", "22871"),),
                    )
                ),
            ),
        )
    )
    number = st.one_of(st.none(), st.integers(1, 400).map(str))
    fpage = draw(number)
    kind = draw(st.sampled_from(("journal-article", "thesis")))
    degree = None
    if kind == "thesis" and draw(st.booleans()):
        degree = Degree(
            draw(st.sampled_from((None, Term("degree", "doctoral"), Term("degree", "masters")))),
            (Text("北京交通大学", "zh-Hans"),),
        )
    metrics = draw(
        st.lists(
            st.sampled_from(
                (
                    Metric("impact-factor", "6.6"),
                    Metric("cas-zone", "2", Term("cas-category", "medicine"), 2023),
                    Metric("citation-count", "12", source="CNKI"),
                )
            ),
            max_size=2,
            unique=True,
        )
    )
    return Record(
        titles=tuple(titles),
        contributors=tuple(draw(st.lists(_marc_contributor(romanised), max_size=3))),
        abstracts=tuple(abstracts),
        keywords=tuple(keywords),
        journal=journal,
        volume=draw(number),
        issue=draw(number),
        fpage=fpage,
        lpage=draw(number) if fpage else None,
        identifiers=tuple(
            draw(
                st.lists(
                    st.sampled_from(
                        (
                            Identifier("doi", "10.2147/IJN.S502144"),
                            Identifier("pmid", "40391234"),
                            Identifier("pmcid", "PMC12083498"),
                        )
                    ),
                    max_size=3,
                    unique=True,
                )
            )
        ),
        links=tuple(
            draw(
                st.lists(
                    st.builds(
                        Link,
                        url=st.sampled_from(("https://doi.org/10.1/x", "https://example.org/a")),
                        kind=st.sampled_from(("landing", "pdf", "oa-pdf", "doi", "other")),
                    ),
                    max_size=2,
                )
            )
        ),
        publication_types=(Term("publication-type", kind),),
        degree=degree,
        metrics=tuple(metrics),
        language=language,
        extras=draw(st.sampled_from(({}, {"Total": 0, "学科": ["铁道工程"]}))),
    )


# --- Merging --------------------------------------------------------------------------------
# ``merge_sources``: the records several sources give of a few works — the same DOI, the same
# ISSN with year, volume and first page, or the same first author (Han characters or pinyin)
# with a title in one language — each source giving part of the work, some disagreeing on the
# volume. ``unrelated_records``: records that share no key (their own DOI, ISSN, first author
# and year each).

_MERGE_PEOPLE = [
    ("曾", "明堂", "Zeng", "Mingtang"),
    ("欧阳", "文博", "Ouyang", "Wenbo"),
    ("张", "婷", "Zhang", "Ting"),
    ("单", "宏伟", "Shan", "Hongwei"),
]
_MERGE_FORMATS = ["jats", "crossref", "noteexpress", "aggregator", "openalex"]


@st.composite
def merge_sources(draw: Any) -> list[Record]:
    out: list[Record] = []
    for work in range(draw(st.integers(1, 3))):
        han_title = "".join(draw(st.lists(st.sampled_from(SIMPLIFIED), min_size=6, max_size=12)))
        en_title = (
            " ".join(
                draw(
                    st.lists(
                        st.sampled_from(["rail", "flow", "graph", "model", "cell", "nano"]),
                        min_size=4,
                        max_size=8,
                    )
                )
            )
            + f" {work}"
        )
        people = draw(st.permutations(_MERGE_PEOPLE))[: draw(st.integers(1, 3))]
        year = 2000 + work
        for _ in range(draw(st.integers(1, 4))):
            han = draw(st.booleans())
            titles = []
            if han:
                titles.append(Text(han_title, "zh-Hans"))
            if not han or draw(st.booleans()):
                variant = (
                    "translation" if han else draw(st.sampled_from(["original", "translation"]))
                )
                titles.append(Text(en_title, "en", variant))
            contributors = tuple(
                Contributor(names=(Name(f, g, "eastern", "zh-Hans"),) if han else (Name(lf, lg),))
                for f, g, lf, lg in people
            )
            ids = (
                Identifier(
                    "doi", f"10.1234/W{work}" if draw(st.booleans()) else f"10.1234/w{work}"
                ),
            )
            journal = Journal(identifiers=(Identifier("issn", "1009-6744"),))
            out.append(
                Record(
                    titles=tuple(titles),
                    contributors=contributors,
                    abstracts=(Prose((Text(f"摘要 {work} {han_title}", "zh-Hans"),)),)
                    if han and draw(st.booleans())
                    else (),
                    journal=journal if draw(st.booleans()) else None,
                    volume=draw(st.sampled_from([str(work + 1), f"0{work + 1}", str(work + 9)])),
                    fpage=str(10 * work + 1),
                    dates=(
                        Dated("published", PartialDate(year, draw(st.sampled_from([None, 4])))),
                    ),
                    identifiers=ids if draw(st.booleans()) else (),
                    language="zh-Hans" if han else draw(st.sampled_from([None, "en"])),
                    provenance=Provenance(draw(st.sampled_from(_MERGE_FORMATS))),
                    extras={"n": draw(st.integers(0, 2))},
                )
            )
    return out


@st.composite
def unrelated_records(draw: Any) -> list[Record]:
    out = []
    for n, issn in enumerate(
        draw(st.lists(st.sampled_from(DC_ISSNS), min_size=1, max_size=4, unique=True))
    ):
        family = "".join(draw(st.lists(st.sampled_from("abcdefgh"), min_size=3, max_size=6)))
        out.append(
            Record(
                titles=(draw(texts(marked=False)),),
                contributors=(Contributor((Name(f"{family}{'xyzw'[n]}", "A"),)),),
                journal=Journal(identifiers=(Identifier("issn", issn),)),
                volume=draw(st.sampled_from(["1", "2"])),
                fpage="1",
                dates=(Dated("published", PartialDate(1990 + n)),),
                identifiers=(Identifier("doi", f"10.9999/u{n}"),),
            )
        )
    return out
