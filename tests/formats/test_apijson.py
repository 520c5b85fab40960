"""What the four readers of saved scholarly API JSON (issue 20: Crossref, OpenAlex, DataCite,
Semantic Scholar) promise alike, tested for each: a folder of saved responses converts the
same whatever the number of worker processes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from normaliser.cli import main

from ..conftest import SAMPLES

SOURCES = ("crossref", "openalex", "datacite", "s2")


def samples(source: str) -> list[Path]:
    """The saved responses of ``source`` in samples/ (a work, a list page, a bilingual or CJK
    case, a broken item), in name order."""
    return sorted(
        path
        for case in SAMPLES.iterdir()
        if case.name.startswith(f"{source}-")
        for path in case.iterdir()
        if path.name.split(".")[0] == source
    )


@pytest.mark.parametrize("source", SOURCES)
def test_the_samples_are_a_work_a_list_a_cjk_case_and_a_broken_item(source: str) -> None:
    cases = {p.parent.name.removeprefix(f"{source}-") for p in samples(source)}
    assert len(cases) == 4 and {"work", "list", "broken"} <= cases, cases


@pytest.mark.parametrize("source", SOURCES)
def test_a_folder_converts_the_same_with_two_jobs_as_with_one(source: str, tmp_path: Path) -> None:
    """A folder of one source's saved responses (broken items too): the output, the rejects
    and the report are the same bytes with ``--jobs 2`` as with ``--jobs 1``."""
    folder = tmp_path / "saved"
    folder.mkdir()
    for number, path in enumerate(samples(source)):
        (folder / f"{number}{path.suffix}").write_bytes(path.read_bytes())
    runs = []
    for jobs in ("1", "2"):
        out, rejects, report = (tmp_path / f"{name}{jobs}" for name in ("out", "rej", "rep"))
        args = ["convert", str(folder), "--to", "json", "--jobs", jobs, "-o", str(out)]
        args += ["--rejects", str(rejects), "--report", str(report)]
        result = CliRunner().invoke(main, args)
        assert result.exit_code in (0, 1), result.output
        counts = json.loads(report.read_text(encoding="utf-8"))
        runs.append(
            (
                out.read_bytes(),
                rejects.read_bytes(),
                {k: v for k, v in counts.items() if "second" not in k and "rate" not in k},
                result.stderr.split(";")[0],
            )
        )
    assert runs[0] == runs[1]
    assert runs[0][0] and runs[0][1]  # records written and broken items rejected
    assert "rejected 0" not in runs[0][3]


#: Keys whose values the record holds rewritten (joined, parsed, normalised, coded), not
#: verbatim: each source's own tests check them.
REWRITTEN = frozenset(
    {"title", "subtitle", "display_name", "abstract", "page", "pages", "URL", "doi", "DOI"}
    | {"family", "given", "name", "type", "publicationTypes", "descriptionType", "titleType"}
    | {"nameType", "nameIdentifier", "nameIdentifierScheme", "language", "timestamp"}
    | {"sequence"}  # first/additional: the order of the contributors (see test_crossref)
)


def _scalars(node: object, key: str | None = None) -> list[tuple[str | None, object]]:
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _scalars(v, k)]
    if isinstance(node, list):
        return [s for v in node for s in _scalars(v, key)]
    return [] if node is None or node == "" or isinstance(node, bool) else [(key, node)]


@pytest.mark.parametrize("source", SOURCES)
def test_nothing_of_a_work_is_lost(source: str) -> None:
    """Every value of every work read (not the page around it) is in its canonical JSON: in a
    record field or in extras."""
    import normaliser
    from normaliser import formats
    from normaliser.sources import open_source

    module = formats.FORMATS[source].module
    for path in samples(source):
        with open_source(path) as opened:
            items = list(module.split(opened))
        for number, item in enumerate(items, 1):
            parsed = module.parse(item, number, path.name)
            if not isinstance(parsed, normaliser.Record):
                continue
            written = normaliser.write([parsed], "json")
            for key, value in _scalars(item.value):
                if key in REWRITTEN:
                    continue
                text = json.dumps(value, ensure_ascii=False)
                assert (text[1:-1] if isinstance(value, str) else text) in written, (
                    path.parent.name,
                    number,
                    key,
                    value,
                )


# --- The JATS a work becomes, checked against the source's own values (issue 20, Done when) ---


def _first(value: object) -> object:
    return value[0] if isinstance(value, list) and value else value


def _orcid(value: object) -> str | None:
    found = re.search(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]", str(value or ""))
    return found.group(0) if found else None


def _expected(source: str, work: dict[str, Any]) -> dict[str, Any]:
    """What a work's JATS must hold, taken straight from the source's keys (not from the
    record the reader made): its DOI, title texts, people (family, given, ORCID), journal,
    volume, issue, first and last page and year."""
    if source == "crossref":
        start, _, end = str(work.get("page") or "").partition("-")
        issued = work.get("issued", {}).get("date-parts", [[None]])[0][0]
        return {
            "doi": work.get("DOI"),
            "titles": [re.sub(r"<[^>]+>", "", t) for t in work.get("title", []) if t],
            "people": [
                (p.get("family"), p.get("given") or p.get("name"), _orcid(p.get("ORCID")))
                for p in work.get("author", [])
            ],
            "journal": next((t for t in work.get("container-title", []) if t), None),
            "volume": work.get("volume"),
            "issue": work.get("issue"),
            "pages": (start or work.get("article-number"), end if end != start else None),
            "year": issued,
        }
    if source == "openalex":
        biblio = work.get("biblio") or {}
        location = work.get("primary_location") or {}
        doi = work.get("doi") or (work.get("ids") or {}).get("doi")
        first, last = biblio.get("first_page"), biblio.get("last_page")
        return {
            "doi": doi and doi.removeprefix("https://doi.org/"),
            "titles": [t for t in (work.get("title") or work.get("display_name"),) if t],
            "people": [
                (None, a["author"].get("display_name"), _orcid(a["author"].get("orcid")))
                for a in work.get("authorships", [])
            ],
            "journal": (location.get("source") or {}).get("display_name"),
            "volume": biblio.get("volume"),
            "issue": biblio.get("issue"),
            "pages": (first, last if last != first else None),
            "year": work.get("publication_year"),
        }
    if source == "s2":
        journal = work.get("journal") or {}
        start, _, end = str(journal.get("pages") or "").strip().partition("-")
        volume = (journal.get("volume") or "").strip()
        return {
            "doi": (work.get("externalIds") or {}).get("DOI"),
            "titles": [t for t in (work.get("title"),) if t],
            "people": [(None, a.get("name"), None) for a in work.get("authors", [])],
            "journal": journal.get("name") or work.get("venue") or None,
            # an arXiv paper's "volume" is its abstract page (abs/2406.01234), no volume
            "volume": None if volume.startswith("abs/") else volume or None,
            "issue": None,
            "pages": (start.strip() or None, end.strip() if end.strip() != start.strip() else None),
            "year": work.get("year"),
        }
    attributes = work.get("attributes", work)
    container = attributes.get("container") or {}
    return {
        "doi": attributes.get("doi"),
        "titles": [  # alternative titles have no home in the record: kept in extras
            t["title"]
            for t in attributes.get("titles", [])
            if t.get("title") and t.get("titleType") in (None, "TranslatedTitle", "Subtitle")
        ],
        "people": [
            (
                c.get("familyName"),
                c.get("givenName") if c.get("familyName") else c.get("name"),
                next(
                    (
                        _orcid(i.get("nameIdentifier"))
                        for i in c.get("nameIdentifiers", [])
                        if i.get("nameIdentifierScheme") == "ORCID"
                    ),
                    None,
                ),
            )
            for c in attributes.get("creators", [])
        ],
        "journal": container.get("title"),
        "volume": container.get("volume"),
        "issue": container.get("issue"),
        "pages": (container.get("firstPage"), container.get("lastPage")),
        "year": attributes.get("publicationYear"),
    }


def _text(element: Any) -> str:
    from normaliser import xmlio

    return " ".join(xmlio.text_of(element).split())


@pytest.mark.parametrize("source", SOURCES)
def test_each_work_is_valid_jats_with_everything_in_place(source: str, jats_dtds: Path) -> None:
    """Each work of each sample, written as JATS 1.3 Archiving, is valid and holds the source's
    DOI, every title, each person (family and given names, ORCID), the journal, volume, issue,
    pages and year, each where JATS puts it; every title tagged by a language."""
    import normaliser
    from normaliser import formats, xmlio
    from normaliser.sources import open_source

    from .test_jats import assert_valid

    module = formats.FORMATS[source].module
    checked = 0
    for path in samples(source):
        with open_source(path) as opened:
            items = list(module.split(opened))
        for number, item in enumerate(items, 1):
            parsed = module.parse(item, number, path.name)
            if not isinstance(parsed, normaliser.Record):
                continue
            where = (path.parent.name, number)
            document = normaliser.write([parsed], "jats")
            article = assert_valid(document)
            article = article if xmlio.local(article) == "article" else article[0]
            meta = article.find("front/article-meta")
            want = _expected(source, item.value)
            doi = meta.findtext("article-id[@pub-id-type='doi']")
            assert (doi or "").lower() == (want["doi"] or "").lower() or not want["doi"], where
            group = meta.find("title-group")
            assert group is not None or not want["titles"], where
            titles = [e for e in meta.iter() if xmlio.local(e) in TITLES]
            shown = " | ".join(_text(e) for e in titles)
            for title in want["titles"]:
                assert " ".join(title.split()) in shown, (where, title, shown)
            # A subtitle is in its title's language (<subtitle> has no xml:lang of its own).
            whole = [e for e in titles if xmlio.local(e) not in ("subtitle", "trans-subtitle")]
            if len(whole) > 1:  # a bilingual work: each title tagged by its language
                langs = [e.get(xmlio.LANG) or e.getparent().get(xmlio.LANG) for e in whole]
                assert "und" not in langs and None not in langs, (where, langs)
                assert len(set(langs)) > 1, (where, langs)
            contribs = meta.findall("contrib-group/contrib")
            assert len(contribs) >= len(want["people"]), where
            for (family, given, orcid), contrib in zip(want["people"], contribs, strict=False):
                name = contrib.find("name")
                if name is None:  # an organisation, or a name that is no person's: one string
                    whole = contrib.find("string-name")
                    whole = contrib.find("collab") if whole is None else whole
                    assert given and whole is not None and _text(whole) == given, (where, given)
                    continue
                surname, givens = (name.findtext("surname"), name.findtext("given-names") or "")
                if family:
                    assert surname == family and givens == (given or ""), (where, family)
                elif given:  # one string: parsed into a surname and given names, nothing lost
                    assert sorted(f"{surname}{givens}".replace(" ", "")) == sorted(
                        given.replace(" ", "").replace(",", "")
                    ), where
                    assert surname, where
                if orcid:
                    found = contrib.findtext("contrib-id[@contrib-id-type='orcid']") or ""
                    assert found.endswith(orcid), (where, orcid)
            journal = article.find("front/journal-meta/journal-title-group")
            if want["journal"]:
                assert want["journal"] in [_text(t) for t in journal], (where, want["journal"])
            for key in ("volume", "issue"):
                if want[key]:
                    assert meta.findtext(key) == str(want[key]), (where, key)
            first, last = want["pages"]
            if first:
                assert str(first) in (meta.findtext("fpage"), meta.findtext("elocation-id"))
            if last:
                assert meta.findtext("lpage") == str(last), (where, last)
            if want["year"]:
                years = {d.findtext("year") for d in meta.findall("pub-date")}
                assert str(want["year"]) in years, (where, years)
            checked += 1
    assert checked >= 4


#: Where JATS puts a work's titles.
TITLES = ("article-title", "subtitle", "trans-title", "trans-subtitle", "alt-title")


# --- A work of a list page is kept by its own bytes (issue 20: nothing is lost) ---

#: A list page of each source: a good work, then one whose DOI is broken, written as a person
#: would not re-serialise it (indented, keys spaced, an escaped é).
PAGES = {
    "crossref": (
        '{"status": "ok", "message-type": "work-list",\n'
        ' "message": {"next-cursor": "AoJ", "items": [\n'
        '  {"DOI": "10.3390/su16020611", "title": ["Caf\\u00e9 soils"], "member": "1968",'
        ' "prefix": "10.3390", "type": "journal-article"},\n'
        '  {"DOI":   "not a doi",\n   "title": ["Caf\\u00e9 roofs 中文"], "member": "1968",'
        ' "prefix": "10.3390", "type": "journal-article"}\n]}}\n'
    ),
    "openalex": (
        '{"meta": {"count": 2, "next_cursor": "IlsxN"}, "results": [\n'
        '  {"id": "https://openalex.org/W1", "doi": "https://doi.org/10.3390/su16020611",'
        ' "title": "Caf\\u00e9 soils", "authorships": []},\n'
        '  {"id": "https://openalex.org/W2",\n   "doi": "https://doi.org/not-a-doi",'
        ' "title": "Caf\\u00e9 roofs 中文", "authorships": []}\n]}\n'
    ),
    "datacite": (
        '{"data": [\n'
        '  {"id": "10.5281/zenodo.1", "type": "dois", "attributes": {"doi": "10.5281/zenodo.1",'
        ' "titles": [{"title": "Caf\\u00e9 soils"}], "creators": []}},\n'
        '  {"id": "x", "type": "dois",\n   "attributes": {"doi": "10.5281 zenodo",'
        ' "titles": [{"title": "Caf\\u00e9 roofs 中文"}], "creators": []}}\n]}\n'
    ),
    "s2": (
        '{"total": 2, "token": "PCOA", "data": [\n'
        '  {"paperId": "a1", "externalIds": {"DOI": "10.3390/su16020611"},'
        ' "title": "Caf\\u00e9 soils"},\n'
        '  {"paperId": "a2",\n   "externalIds": {"DOI": "10.3390 su16020612"},'
        ' "title": "Caf\\u00e9 roofs 中文"}\n]}\n'
    ),
}


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
@pytest.mark.parametrize("source", SOURCES)
def test_a_reject_on_a_list_page_holds_its_work_as_written(
    source: str, eol: str, encoding: str
) -> None:
    """The reject of one work of a multi-work page holds that work's original text (not a
    re-serialisation), at its own line and byte offset, whatever the line ends; its bytes too
    when they are not that text's UTF-8 (GB18030)."""
    import normaliser

    text = PAGES[source].replace("\n", eol)
    data = text.encode(encoding)
    items = list(normaliser.read(data, source, errors="yield"))
    assert isinstance(items[0], normaliser.Record)
    reject = items[1]
    assert isinstance(reject, normaliser.Reject), reject
    start = text.index('{"', text.index("Caf\\u00e9 soils"))
    written = text[start : text.rindex("}", 0, text.rindex("]")) + 1]
    assert reject.raw == written
    assert reject.line == text[:start].count(eol) + 1
    assert reject.offset == len(text[:start].encode(encoding))
    kept = written.encode(encoding)
    assert reject.data == (None if encoding == "utf-8" else kept)
    assert data[reject.offset : reject.offset + len(kept)] == kept
