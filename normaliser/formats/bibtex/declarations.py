"""BibTeX's declarations: the format's name, sniff and KEEPS, its limits, the vocabularies read
and written both ways (entry types, degree types, name fields, eprint types) and the fields
(``FIELDS``) behind the reader, the writer and the crosswalk document.
"""

from __future__ import annotations

import logging
import re

from ... import sniffs
from ...crosswalk import CASE, Crosswalk
from ...declare import (
    CODE,
    DATE,
    EXTRA,
    IDENTIFIER,
    NAMES,
    NUMBER,
    PAGE,
    PROSE,
    STRING,
    TEXT,
    TEXTS,
    URL,
    Field,
    Fields,
)
from ...record import DATE_KINDS

NAME = "bibtex"
#: How sure (0–100) that a document starts in this format (light: ``normaliser.sniffs``).
sniff = sniffs.bibtex
#: What survives write → read (see ``Record.restricted_to``).
KEEPS = frozenset(
    {
        "titles",
        "contributors.names",
        "contributors.role",
        "abstracts",
        "keywords",
        "journal.titles",
        "journal.abbreviations",
        "edition",
        "series",
        "page_count",
        "journal.identifiers",
        "journal.publishers",
        "volume",
        "issue",
        "fpage",
        "lpage",
        "page_range",
        "elocation_id",
        "dates",
        "identifiers",
        "links",
        "publication_types",
        "conference",
        "degree",
        "publisher",
        "language",
        "extras",
    }
)

#: Hard limits that keep a hostile file from exhausting memory: lines in one entry; characters
#: in one value once its ``@string``s and ``#`` are expanded, in all the values of one entry, and
#: in all the ``@string`` values of a file.
MAX_ENTRY_LINES = 100_000
MAX_FIELD_CHARS = 1_000_000
MAX_ENTRY_CHARS = 16_000_000
MAX_STRINGS_CHARS = 16_000_000
_LIMITS = "1 MB (the limit of a value; 16 MB for an entry and for a file's @strings)"
#: How many entries a bilingual pair's members and its ``@set`` may stand apart.
PAIR_WINDOW = 1000
#: The extras key of source fields the writer could not give a field of their own.
EXTRAS_FIELD = "normaliser-extras"
#: The extras key holding the source entry type when the publication type does not name it.
TYPE_KEY = "bibtex.entrytype"

# bibtexparser reports a broken block through ``logging``; we report it as a Reject instead, so
# its log records stay out of the user's terminal unless they configure logging themselves.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

_ENTRY_START = re.compile(r"^\s*@\s*[A-Za-z][\w-]*\s*[{(]")
_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_\-:.+]*$")
_KEY_UNSAFE = re.compile(r"[\s,{}()\"#%'=\\~]")

# --- Vocabularies -----------------------------------------------------------------------------


#: publication-type code ⇄ entry type; the first entry type of a code is the one written.
ENTRY_TYPES: Crosswalk[str] = Crosswalk(
    "BibTeX entry types",
    (
        ("journal-article", "article"),
        ("thesis", "thesis"),
        ("thesis", "phdthesis"),
        ("thesis", "mastersthesis"),
        ("conference-paper", "inproceedings"),
        ("conference-paper", "conference"),
        ("book", "book"),
        ("book", "mvbook"),
        ("book", "booklet"),
        ("book", "collection"),
        ("book", "mvcollection"),
        ("book-chapter", "incollection"),
        ("book-chapter", "inbook"),
        ("book-chapter", "bookinbook"),
        ("patent", "patent"),
        ("standard", "standard"),
        ("dataset", "dataset"),
    ),
    fold=CASE,
    # BibLaTeX writes a newspaper article as @article with entrysubtype = newspaper.
    lossy=(("newspaper-article", "article"),),
    read_only=(("newspaper-article", "newspaper"),),
)
_ARTICLES = ("journal-article", "newspaper-article")
#: Entry types whose container title is ``booktitle``.
_IN_BOOK = frozenset({"inproceedings", "conference", "incollection", "inbook", "bookinbook"})
#: Thesis ``type`` spellings → degree code.
_DEGREE_WORDS = (
    ("doctoral", ("phd", "doctor", "doctoral", "dphil", "博士")),
    ("masters", ("master", "msc", "硕士", "碩士")),
    ("bachelors", ("bachelor", "bsc", "undergraduate", "学士", "學士", "本科")),
)
#: Degree code ⇄ the thesis ``type`` BibLaTeX's localisation keys name (written for a degree).
_DEGREE_TYPES: Crosswalk[str] = Crosswalk(
    "BibLaTeX thesis types",
    (("doctoral", "phdthesis"), ("masters", "mathesis"), ("bachelors", "bathesis")),
    fold=CASE,
)

#: Fields whose value is verbatim in BibLaTeX (no LaTeX decoding, only stray escapes undone).
_VERBATIM = frozenset({"url", "doi", "eprint", "file", "pdf", "urlraw"})
#: Month macros BibTeX predefines.
_MONTH_MACROS = {
    m: str(i)
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
#: Contributor role ⇄ the name field holding it (a supervisor is written as ``editora`` with
#: ``editoratype = supervisor``; the fields some styles give it are read).
_NAME_FIELDS: Crosswalk[str] = Crosswalk(
    "BibTeX name fields",
    (
        ("author", "author"),
        ("editor", "editor"),
        ("translator", "translator"),
        ("holder", "holder"),  # a patent's holder (assignee)
    ),
    read_only=(("supervisor", "supervisor"), ("supervisor", "advisor")),
)
_NAME_FIELD_NAMES = frozenset(s for _, s in (*_NAME_FIELDS, *_NAME_FIELDS.read_only))
#: Role ⇄ ``editoratype`` of an ``editora``.
_EDITOR_TYPES: Crosswalk[str] = Crosswalk(
    "BibLaTeX editor types", (("supervisor", "supervisor"), ("supervisor", "advisor")), fold=CASE
)
#: biblatex's editor fields of roles no other field holds, each with its ``…type``.
_OTHER_EDITORS = ("editorb", "editorc")
#: ``eprinttype`` values read as a PubMed Central id (written as a ``pmcid`` field).
_PMCID_TYPES = frozenset({"pmcid", "pmc"})
#: Identifier scheme ⇄ ``eprinttype`` (``archiveprefix`` read too).
_EPRINT_TYPES: Crosswalk[str] = Crosswalk(
    "BibLaTeX eprint types",
    (("pmid", "pubmed"), ("pmid", "pmid"), ("arxiv", "arxiv")),
    fold=CASE,
)
#: ISSN fields beside ``issn`` (Web of Science writes ``eissn``) ⇄ the identifier scheme.
_ISSN_FIELDS = {"eissn": "issn-electronic", "issnl": "issn-l"}
#: Link kind ⇄ the stem of the field of the links ``url`` does not hold (``pdfurl``,
#: ``oapdfurl``; a second one of a kind ``pdfurl2``).
_LINK_FIELDS = {
    kind: kind.replace("-", "") for kind in ("landing", "doi", "pdf", "oa-pdf", "other")
}
_LINK_KIND_OF = {f"{slug}url": kind for kind, slug in _LINK_FIELDS.items()}
_VERBATIM |= frozenset(_LINK_KIND_OF)
#: Date kind ⇄ the stem of its biblatex date field (``{stem}date``, as biblatex names its
#: ``origdate``, ``eventdate``, ``urldate``): every kind but the published date, which is
#: ``date``. A history event is ``historyeventdate`` (``eventdate`` is a conference's).
_DATE_FIELDS = {
    kind: "historyevent" if kind == "event" else kind.replace("-", "")
    for kind in DATE_KINDS
    if kind != "published"
}
_DATE_KIND_OF = {f"{slug}date": kind for kind, slug in _DATE_FIELDS.items()}

#: Every field this module reads or writes, declared once: the record path it fills, its kind,
#: whether each entry of a bilingual pair carries it in its own language (``_LANGUAGE_FIELDS``),
#: and what is lossy. ``_KNOWN_FIELDS`` (an extra of such a name is packed, never written as the
#: field) and the crosswalk document (docs/crosswalk.md) are derived from it; ``KEEPS`` holds
#: every written path (a test checks).
FIELDS = Fields(
    NAME,
    (
        Field(
            "titles",
            "title",
            TEXT,
            language=True,
            lossy="a second subtitle, or a second title's, stays joined to its title",
        ),
        # The title's subtitle, joined to it (': ', 标题——副标题) and its span marked.
        Field("titles", "subtitle", TEXT, language=True),
        Field("titles", "usere", TEXT, language=True, scheme="translation"),
        Field(
            "titles",
            "title_translation_en",
            TEXT,
            language=True,
            scheme="translation",
            read_only=True,
            lossy="GB/T 7714-2025: the English title of a Chinese entry",
        ),
        Field("series", "series", TEXTS, language=True),
        Field("edition", "edition", STRING),
        Field("page_count", "pagetotal", STRING),
        Field(
            "contributors.names",
            "author",
            NAMES,
            language=True,
            scheme="author",
            also=("contributors.role",),
        ),
        Field(
            "contributors.names",
            "editor",
            NAMES,
            language=True,
            scheme="editor",
            also=("contributors.role",),
        ),
        Field(
            "contributors.names",
            "translator",
            NAMES,
            language=True,
            scheme="translator",
            also=("contributors.role",),
        ),
        Field(
            "contributors.names",
            "supervisor",
            NAMES,
            language=True,
            scheme="supervisor",
            read_only=True,
        ),
        Field(
            "contributors.names",
            "advisor",
            NAMES,
            language=True,
            scheme="supervisor",
            read_only=True,
        ),
        Field(
            "contributors.names",
            "editora",
            NAMES,
            language=True,
            scheme="supervisor",
            also=("contributors.role",),
            lossy="only a supervisor; ORCID, affiliations, corresponding flag not kept",
        ),
        *(
            Field(
                "contributors.names",
                slot,
                NAMES,
                language=True,
                scheme="other",
                also=("contributors.role",),
                lossy="the first two roles of no field of their own (contributor, senior "
                "editor …), their role in " + slot + "type" + "; a third is lost",
            )
            for slot in _OTHER_EDITORS
        ),
        *(
            Field("contributors.role", f"{slot}type", CODE, language=True)
            for slot in _OTHER_EDITORS
        ),
        Field(
            "contributors.names",
            "holder",
            NAMES,
            language=True,
            scheme="holder",
            also=("contributors.role",),
        ),
        Field(
            "contributors.names",
            "author_transliteration_en",
            NAMES,
            language=True,
            scheme="romanised",
            read_only=True,
            lossy="GB/T 7714-2025: the romanised forms of the authors, paired with the Han names",
        ),
        Field(
            "contributors.names",
            "author_original",
            NAMES,
            language=True,
            scheme="original",
            read_only=True,
            lossy="the Han forms of a Latin by-line, one for each name of author",
        ),
        Field("contributors.role", "editoratype", CODE, language=True),
        # A second abstract of a language (a teaser, a summary) in abstract2, its kind in
        # abstract2type.
        Field("abstracts", "abstract", PROSE, language=True),
        Field("keywords", "keywords", TEXTS, language=True),
        Field(
            "journal.titles",
            "journaltitle",
            TEXT,
            language=True,
            lossy="first title per language",
        ),
        Field("journal.titles", "journal", TEXT, language=True, read_only=True),
        Field(
            "journal.titles",
            "booktitle",
            TEXT,
            language=True,
            lossy="written instead of journaltitle for an entry in a book or proceedings",
        ),
        Field(
            "journal.titles",
            "journal_translation_en",
            TEXT,
            language=True,
            scheme="translation",
            read_only=True,
            lossy="GB/T 7714-2025: the English journal title of a Chinese entry",
        ),
        Field("journal.abbreviations", "shortjournal", TEXTS, language=True),
        Field(
            "journal.identifiers",
            "issn",
            IDENTIFIER,
            scheme="issn",
            lossy="the print ISSN when issntype = {print}",
        ),
        Field("journal.identifiers", "issntype", CODE, scheme="issn-print"),
        Field("journal.identifiers", "eissn", IDENTIFIER, scheme="issn-electronic"),
        Field("journal.identifiers", "issnl", IDENTIFIER, scheme="issn-l"),
        Field(
            "journal.identifiers",
            "journalids",
            IDENTIFIER,
            scheme="other",
            lossy="scheme:value items: an NLM title abbreviation, a CN serial number …",
        ),
        Field(
            "journal.publishers",
            "publisher",
            TEXTS,
            language=True,
            also=("publisher.names",),
            types=_ARTICLES,
            lossy="one field: the journal's publisher for an article, the record's otherwise",
        ),
        Field(
            "journal.publishers",
            "publishertype",
            CODE,
            language=True,
            scheme="whose",
            read_only=True,
            lossy="journal: publisher is the journal's in an entry of another type (a preprint)",
        ),
        Field(
            "publisher.places",
            "location",
            TEXTS,
            language=True,
            types=tuple(c for c in (*ENTRY_TYPES.codes, "other") if c not in _ARTICLES),
            lossy="an article's is kept in extras",
        ),
        Field("publisher.places", "address", TEXTS, language=True, read_only=True),
        Field(
            "degree.grantors",
            "institution",
            TEXTS,
            language=True,
            types=("thesis",),
            lossy="another record's is kept in extras",
        ),
        Field("degree.grantors", "school", TEXTS, language=True, read_only=True),
        Field(
            "degree.level",
            "type",
            CODE,
            types=("thesis",),
            lossy="another record's is the source's own field, kept in extras",
        ),
        Field("conference.names", "eventtitle", TEXTS, language=True),
        Field("conference.places", "venue", TEXTS, language=True),
        Field("conference.date", "eventdate", DATE, also=("conference.end",)),
        Field("language", "langid", CODE, language=True),
        Field("language", "language", CODE, language=True, read_only=True),
        Field(
            "language",
            "langids",
            CODE,
            lossy="the tags of the texts the reader would tag otherwise, path[n/N]=tag items",
        ),
        Field("volume", "volume", NUMBER),
        Field(
            "issue",
            "number",
            NUMBER,
            also=("identifiers",),
            lossy="a patent's or standard's number is its identifier",
        ),
        Field(
            "issue",
            "issue",
            NUMBER,
            also=("dates",),
            lossy="written for a season beside the year (Spring, May-Aug): the date's season",
        ),
        Field("fpage", "pages", PAGE, also=("lpage", "page_range")),
        Field("elocation_id", "eid", STRING),
        Field(
            "dates",
            "date",
            DATE,
            scheme="published",
            lossy="the publication date; of another kind (epub …) when the record has none, "
            "its kind in datetype",
        ),
        Field("dates", "year", DATE, scheme="published", read_only=True),
        Field("dates", "month", DATE, scheme="published", read_only=True),
        Field("dates", "datetype", CODE, lossy="the kind of date when it is not published"),
        *(Field("dates", f"{slug}date", DATE, scheme=kind) for kind, slug in _DATE_FIELDS.items()),
        # Beside each date field (``date`` too): the source's own name of its type (JATS
        # ``pub-type:epub``, a history event's ``published-online``), and ``true``/``false``
        # when the source placed it where its kind does not go (``Dated.history``).
        *(
            Field("dates", f"{stem}{part}", STRING)
            for stem in ("date", *_DATE_KIND_OF)
            for part in ("label", "history")
        ),
        Field("identifiers", "doi", IDENTIFIER, scheme="doi"),
        Field("identifiers", "isbn", IDENTIFIER, scheme="isbn"),
        Field(
            "identifiers", "eprint", IDENTIFIER, scheme="eprint", lossy="pmid or arxiv, the first"
        ),
        Field("identifiers", "eprinttype", CODE),
        Field("identifiers", "archiveprefix", CODE, read_only=True),
        Field("identifiers", "pmcid", IDENTIFIER, scheme="pmcid"),
        Field("identifiers", "pmid", IDENTIFIER, scheme="pmid", read_only=True),
        Field(
            "identifiers",
            "otherids",
            IDENTIFIER,
            scheme="other",
            lossy="scheme:value items: a publisher's id, an OAI id …; a derived one in derivedids",
        ),
        Field(
            "identifiers",
            "derivedids",
            IDENTIFIER,
            scheme="derived",
            lossy="scheme:value (from field) items: an identifier derived from another field",
        ),
        Field(
            "links",
            "url",
            URL,
            scheme="landing",
            lossy="the landing page, else the first link, its kind in urltype",
        ),
        Field("links", "urltype", CODE),
        *(Field("links", f"{slug}url", URL, scheme=kind) for kind, slug in _LINK_FIELDS.items()),
        Field("publication_types", "entrysubtype", CODE),
        Field("publication_types", "publication-types", CODE),
        Field(
            "extras", EXTRAS_FIELD, EXTRA, lossy="JSON of the extras no field of their own holds"
        ),
        Field("", "urldate", EXTRA),
    ),
)
_LANGUAGE_FIELDS = FIELDS.language_keys
#: A second abstract of the entry's language and after (``abstract2``: a teaser, a summary).
_MORE_ABSTRACTS = re.compile(r"^abstract([2-9]|[1-9]\d+)$")
#: Fields written by code, not declared in ``FIELDS``, that each entry of a bilingual pair
#: carries in its own language (or not at all): an abstract beyond the first, an abstract's
#: kind, whose publisher ``publisher`` is, a second title, a container's parallel title. An
#: extra of such a name is packed, never a field.
_PER_LANGUAGE = re.compile(
    r"^(abstract([2-9]|[1-9]\d+)|abstract(\d*)type|publishertype"
    r"|(journaltitle|booktitle)([2-9]|[1-9]\d+)|title([2-9]|[1-9]\d+)(type)?)$"
)
#: A second title of the entry beside the first (``title2``), its variant in ``title2type``.
_MORE_TITLES = re.compile(r"^title([2-9]|[1-9]\d+)$")
#: A parallel title of the container beside the first (``journaltitle2``, ``booktitle2``).
_MORE_CONTAINER = re.compile(r"^(journaltitle|booktitle)([2-9]|[1-9]\d+)$")
#: Written fields of a simple kind whose reading or writing is code all the same: ``keywords``
#: (split on ``;`` or ``,``, not `` and ``), ``number`` (a patent's or standard's number is its
#: identifier), ``issue`` (a season beside the year) and ``eid`` (one elocation id with ``pages``).
_CODED = frozenset({"keywords", "number", "issue", "eid"})
#: The simple leaves: a field of one top-level record field, a string (``string``, ``number``)
#: or a list of texts (``texts``), read (``entry._build``) and written (``writer._entry``) by a
#: walk over these declarations, in this order, and nowhere else by name.
SIMPLE = tuple(
    f
    for f in FIELDS
    if not f.read_only
    and not f.also
    and "." not in f.path
    and f.kind in (STRING, NUMBER, TEXTS)
    and f.key not in _CODED
    and f.path != "dates"  # a date's label and history: beside their date (writer._dates_out)
)

#: GB/T 7714-2025's romanised author list, name by name beside ``author``.
_ROMANISED = "author_transliteration_en"
#: The Han-character forms of a Latin by-line (an English article by Chinese authors), one for
#: each name of ``author``: the mirror of ``author_transliteration_en``.
_ORIGINALS = "author_original"
