"""The aggregator's key-by-key mapping: one marshmallow schema whose fields convert each value
both ways, and the record paths each key fills."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from marshmallow import EXCLUDE, Schema, ValidationError
from marshmallow import fields as mfields

from ...errors import shown
from ...fields import (
    Clean,
    Count,
    DateField,
    DOIField,
    Flag,
    Labels,
    LoadPlan,
    PagesField,
    UrlField,
    note,
)
from ...record import PartialDate

# --- The mapping ----------------------------------------------------------------------------
from ...record_schemas import (
    DatedSchema,
    IdentifierSchema,
    LinkSchema,
    MetricSchema,
    NameSchema,
    ProseSchema,
    TermSchema,
    TextSchema,
)
from .fields import (
    DecimalString,
    ISSNField,
    NameList,
    Opaque,
    Parts,
    PMCIDField,
    ProseField,
    TextField,
    VocabTerms,
)


class Zone(Clean):
    """A CAS zone 1–4: 2, "2", "2区", "二区" → "2"."""

    _CJK: ClassVar[dict[str, str]] = {"一": "1", "二": "2", "三": "3", "四": "4"}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | None:
        raw = self.text(value, attr)
        if raw is None:
            return None
        raw = self._CJK.get(raw[:1], raw[:1]) + raw[1:] if raw else raw
        match = re.fullmatch(r"([1-4])\s*区?", raw)
        if not match:
            raise ValidationError(f"{shown(value)} is not a CAS zone (1 to 4)")
        return match.group(1)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else int(value)


class Quartile(Clean):
    """A JCR quartile: "Q1", "q1", "1" → "Q1"."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | None:
        raw = self.text(value, attr)
        if raw is None:
            return None
        match = re.fullmatch(r"[Qq]?([1-4])", raw)
        if not match:
            raise ValidationError(f"{shown(value)} is not a JCR quartile (Q1 to Q4)")
        return "Q" + match.group(1)


class Number(Clean):
    """A volume or issue: trimmed, leading zeros of a plain number dropped ("04" → "4")."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | None:
        raw = self.text(value, attr)
        if raw is not None and raw.isdigit():
            raw = raw.lstrip("0") or "0"
        return raw


#: Declares a field whose values repeat from record to record of a dump (a journal's, a
#: vocabulary's): its load remembers the conversion of each value (``loadplan.LoadPlan``).
REPEATS = {"repeats": True}


class JournalSchema(Schema):
    class Meta:
        unknown = EXCLUDE  # kept in extras by ``from_dict``, never mixed with mapped values

    name = TextField(data_key="name", lang="en", metadata=REPEATS)
    volume = Number(data_key="volume")
    issue = Number(data_key="issue")
    pages = PagesField(data_key="pages")


class AggregatorSchema(Schema):
    """Every documented key of an aggregator record, in the order aggregators write them."""

    class Meta:
        unknown = EXCLUDE  # kept in extras by ``from_dict``, never mixed with mapped values

    title = TextField(data_key="title", lang="en", title=True)
    authors = NameList(data_key="authors", numbers=False)
    doi = DOIField(data_key="doi")
    doi_url = UrlField(data_key="DOIUrl")
    url = UrlField(data_key="url")
    abstract = ProseField(data_key="abstract", lang="en")
    periodical_id = Clean(data_key="PeriodicalId", metadata=REPEATS)
    journal = mfields.Nested(JournalSchema, data_key="journal", allow_none=True)
    impact_factor = DecimalString(data_key="PeriodicalIF")
    publication_date = DateField(data_key="publicationDate")
    publication_types = VocabTerms(
        "publication-type", data_key="publicationTypes", joined=True, metadata=REPEATS
    )
    fields_of_study = Labels(data_key="fieldsOfStudy")
    is_open_access = Flag(data_key="isOpenAccess", allow_none=True)
    open_access_pdf = UrlField(data_key="openAccessPdf")
    citation_count = Count(data_key="citationCount", as_text=True)
    result_str = Opaque(data_key="resultStr")
    platform = Clean(data_key="platform", numbers=False, metadata=REPEATS)
    paper_id = Clean(data_key="paperid")
    periodical_name = TextField(data_key="PeriodicalName", lang="en", metadata=REPEATS)
    first_category_id = Opaque(data_key="FirstCategoryId")
    list_url_main = UrlField(data_key="ListUrlMain")
    region_num = Zone(data_key="RegionNum", metadata=REPEATS)
    region_category = VocabTerms(
        "cas-category", data_key="RegionCategory", joined=True, metadata=REPEATS
    )
    article_picture = Opaque(data_key="ArticlePicture")
    title_cn = TextField(data_key="TitleCN", lang="en", variant="translation", title=True)
    abstract_cn = ProseField(data_key="AbstractTextCN", lang="en", variant="translation")
    pmcid = PMCIDField(data_key="PMCID")
    epub_date = DateField(data_key="EPubDate", style="slash")
    pub_model = VocabTerms("pub-model", data_key="PubModel", joined=True, metadata=REPEATS)
    jcr = Quartile(data_key="JCR", metadata=REPEATS)
    jcr_name = Clean(data_key="JCRName", numbers=False, metadata=REPEATS)
    score = Opaque(data_key="Score")
    total = Opaque(data_key="Total")
    issn = ISSNField(data_key="ISSN", metadata=REPEATS)
    eissn = ISSNField(data_key="eISSN", metadata=REPEATS)
    # Ours: what the keys above cannot carry, kept on write → read (aggregators do not write them).
    other_dates = Parts(DatedSchema, data_key="OtherDates")
    periodical_ids = Parts(IdentifierSchema, data_key="PeriodicalIds")
    other_ids = Parts(IdentifierSchema, data_key="OtherIds")
    other_links = Parts(LinkSchema, data_key="OtherLinks")
    name_forms = Parts(NameSchema, depth=2, data_key="AuthorNames")
    keyword_texts = Parts(TextSchema, data_key="Keywords")
    affiliation_texts = Parts(TextSchema, data_key="Affiliations")
    other_subjects = Parts(TermSchema, data_key="OtherSubjects")
    metric_list = Parts(MetricSchema, data_key="Metrics")
    title_texts = Parts(TextSchema, data_key="Titles")
    journal_titles = Parts(TextSchema, data_key="JournalTitles")
    elocation_id = Clean(data_key="ElocationId")
    abstract_list = Parts(ProseSchema, data_key="Abstracts")
    journal_descriptions = Parts(ProseSchema, data_key="JournalDescriptions")
    page_parts = mfields.Dict(
        keys=mfields.String(), values=mfields.String(), data_key="PageParts", allow_none=True
    )


#: The record paths each schema field (by attribute) fills and is written from: the aggregator's
#: field declarations, for the crosswalk document and the KEEPS checks (a test checks that every
#: schema field is here). The record's language is its title's.
PATHS: dict[str, tuple[str, ...]] = {
    "title": ("titles",),
    "authors": ("contributors.names",),
    "doi": ("identifiers",),
    "doi_url": ("links",),
    "url": ("links",),
    "abstract": ("abstracts",),
    "periodical_id": ("journal.identifiers",),
    "journal": (
        "journal.titles",
        "volume",
        "issue",
        "fpage",
        "lpage",
        "page_range",
        "elocation_id",
    ),
    "impact_factor": ("metrics",),
    "publication_date": ("dates",),
    "publication_types": ("publication_types",),
    "fields_of_study": ("subjects",),
    "is_open_access": ("open_access",),
    "open_access_pdf": ("links",),
    "citation_count": ("metrics",),
    "result_str": ("extras",),
    "platform": ("provenance.platform",),
    "paper_id": ("identifiers",),
    "periodical_name": ("journal.titles",),
    "first_category_id": ("extras",),
    "list_url_main": ("links",),
    "region_num": ("metrics",),
    "region_category": ("subjects",),
    "article_picture": ("extras",),
    "title_cn": ("titles",),
    "abstract_cn": ("abstracts",),
    "pmcid": ("identifiers",),
    "epub_date": ("dates",),
    "pub_model": ("pub_model",),
    "jcr": ("metrics",),
    "jcr_name": ("metrics",),
    "score": ("extras",),
    "total": ("extras",),
    "issn": ("journal.identifiers",),
    "eissn": ("journal.identifiers",),
    "other_dates": ("dates",),
    "periodical_ids": ("journal.identifiers",),
    "other_ids": ("identifiers",),
    "other_links": ("links",),
    "name_forms": ("contributors.names",),
    "keyword_texts": ("keywords",),
    "affiliation_texts": ("affiliations",),
    "other_subjects": ("subjects",),
    "metric_list": ("metrics",),
    "title_texts": ("titles",),
    "journal_titles": ("journal.titles",),
    "elocation_id": ("elocation_id",),
    "abstract_list": ("abstracts",),
    "journal_descriptions": ("journal.descriptions",),
    "page_parts": ("fpage", "lpage", "page_range"),
}
#: The sections after the JSON, by their code in ``SECTION_LABELS``: the record paths each fills.
SECTION_PATHS: dict[str, tuple[str, ...]] = {
    "citations": ("metrics",),
    "abstract": ("abstracts",),
    "journal-description": ("journal.descriptions",),
    "keywords": ("keywords",),
    "affiliations": ("affiliations",),
}
#: What code carries beside the declared keys: the record's language is its title's.
CODE_KEEPS = frozenset({"language"})


def _aliased(data: dict[str, Any]) -> dict[str, Any]:
    """Other dumps spell the ISSN keys differently; the canonical spelling wins."""
    for alias, key in _KEY_ALIASES.items():
        if alias in data and key not in data:
            data = {(key if k == alias else k): v for k, v in data.items()}
    return data


_KEY_ALIASES = {
    "issn": "ISSN",
    "pISSN": "ISSN",
    "EISSN": "eISSN",
    "eissn": "eISSN",
    "ESSN": "eISSN",
}
#: Keys the writer leaves out when they are empty (they are not in every dump).
_OPTIONAL_KEYS = (
    "ISSN",
    "eISSN",
    "OtherDates",
    "PeriodicalIds",
    "OtherIds",
    "OtherLinks",
    "AuthorNames",
    "Keywords",
    "Affiliations",
    "OtherSubjects",
    "Metrics",
    "Titles",
    "JournalTitles",
    "ElocationId",
    "Abstracts",
    "JournalDescriptions",
    "PageParts",
    "Languages",
    "Extras",
)
#: Ours: the extras whose key the dump's own keys take (another format's ``authors``), as one
#: object, read back into extras.
EXTRAS = "Extras"
#: Ours: the language tags the reader would not give, ``{"journal.titles[1/1]": "und"}``
#: (``normaliser.langtags``); applied by ``build._build``, kept in extras when they name no text.
LANGUAGES = "Languages"
_SCHEMA = AggregatorSchema()
#: ``_SCHEMA.load`` precompiled (the same result and errors, without marshmallow's per-field
#: machinery around each conversion).
_PLAN = LoadPlan(_SCHEMA)
_DATA_KEYS = {f.data_key or name for name, f in _SCHEMA.fields.items()}
_JOURNAL_KEYS = {f.data_key or name for name, f in JournalSchema().fields.items()}
_URL_KEYS = tuple(
    f.data_key or name for name, f in _SCHEMA.fields.items() if isinstance(f, UrlField)
)
_OPAQUE_ATTRS = {
    f.data_key or name: name for name, f in _SCHEMA.fields.items() if isinstance(f, Opaque)
}

# Which date kind publicationDate and EPubDate carry, by PubMed publication model.
_DATE_SLOTS: dict[str | None, tuple[str, str]] = {
    "electronic-ecollection": ("epub", "collection"),
    "electronic": ("epub", "epub"),
    "print-electronic": ("ppub", "epub"),
    "electronic-print": ("ppub", "epub"),
    "print": ("ppub", "epub"),
    None: ("published", "epub"),
}


def _collection(date: PartialDate) -> PartialDate:
    """An eCollection date is a year or a year-month, never a day: "2025/1/1" is year 2025."""
    if date.day is None:
        return date
    if date.month == 1 and date.day == 1:
        note(
            "repaired",
            "EPubDate",
            f"{date.iso()} is a padded eCollection year: kept as {date.year}",
        )
        return PartialDate(date.year)
    if date.day != 1:
        note(
            "repaired",
            "EPubDate",
            f"an eCollection date has no day; {date.iso()} kept to the month",
        )
    return PartialDate(date.year, date.month)
