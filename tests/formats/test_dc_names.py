"""Names in Dublin Core (issue 17, fact round trip): DC has one string per person, so the
writer chooses the string and the reader's rules give back the parts. Each test is a record
written for it from what repositories (DSpace, OJS, SciELO's OAI) and JATS publishers give."""

from __future__ import annotations

from dataclasses import replace

import normaliser
from normaliser.record import Contributor, Name, Record, Text

from .test_dc import oai_dc, one, statements
from .test_dc_fidelity import dc_again, values


def test_a_romance_particle_after_full_given_names_stays_with_them() -> None:
    # SciELO (JATS surname Souza, given-names "Ana Paula de") and Brazilian repositories write
    # the Portuguese connective after the given names (ABNT NBR 6023: SOUZA, Ana Paula de): the
    # surname alone is Souza (CSL's dropping particle, as "Musset" for Alfred de Musset). After
    # initials only, or a Dutch particle, it is the family name's (Jong, G. de is de Jong).
    record = one(
        oai_dc(
            "<dc:title>Adesão ao tratamento da hipertensão arterial</dc:title>",
            "<dc:creator>Souza, Ana Paula de</dc:creator>",
            "<dc:creator>Silva, José Carlos da</dc:creator>",
            "<dc:creator>Santos, Maria Aparecida dos</dc:creator>",
            "<dc:creator>Jong, G. de</dc:creator>",
            "<dc:creator>Berg, Johannes van den</dc:creator>",
            "<dc:creator>Souza, A. P. de</dc:creator>",
        )
    )
    assert [(n.family, n.given) for c in record.contributors for n in c.names] == [
        ("Souza", "Ana Paula de"),
        ("Silva", "José Carlos da"),
        ("Santos", "Maria Aparecida dos"),
        ("de Jong", "G."),
        ("van den Berg", "Johannes"),
        ("de Souza", "A. P."),
    ]
    assert values(dc_again(record), "creator")[:3] == [
        "Souza, Ana Paula de",
        "Silva, José Carlos da",
        "Santos, Maria Aparecida dos",
    ]
    for format in ("dc", "qdc"):
        [back] = normaliser.read(normaliser.write([record], format).encode(), format)
        assert back.contributors == record.contributors


def test_a_jats_given_name_ending_in_a_particle_comes_back() -> None:
    name = Name(family="Souza", given="Ana Paula de")
    record = Record(titles=(Text("Adesão", "pt"),), contributors=(Contributor((name,)),))
    for format in ("dc", "qdc"):
        [back] = normaliser.read(normaliser.write([record], format).encode(), format)
        assert back.contributors[0].names == (name,)


def test_a_body_is_a_name_of_style_given_only_as_a_jats_collab_is() -> None:
    # A JATS <collab> (the KP-Phage Consortium) is read as a literal of style given-only, as
    # BibTeX's {{HEXA Collaboration}} is: a body's name. DC read its bodies as western (a
    # person's style), so the collab came back changed; now DC reads a body as they do.
    collab = Name(literal="the KP-Phage Consortium", style="given-only")
    person = Name(family="Wang", given="Yu")
    record = Record(
        titles=(Text("Phage therapy of Klebsiella pneumoniae", "en"),),
        contributors=(Contributor((person,)), Contributor((collab,))),
    )
    for format in ("dc", "qdc"):
        written = normaliser.write([record], format)
        assert ("creator", None, "the KP-Phage Consortium") in statements(written)
        [back] = normaliser.read(written.encode(), format)
        assert [c.names for c in back.contributors] == [(person,), (collab,)]
    # A repository's body (an OJS sponsor, a DSpace department) is read the same way, and a
    # BibTeX writer marks it a body.
    dspace = one(
        oai_dc(
            "<dc:title>Cuidados de enfermería</dc:title>",
            "<dc:creator>Pérez, Lucía</dc:creator>",
            "<dc:contributor>Universidad de Alicante. Departamento de Enfermería</dc:contributor>",
        )
    )
    body = dspace.contributors[1].names[0]
    assert (body.literal, body.style) == (
        "Universidad de Alicante. Departamento de Enfermería",
        "given-only",
    )
    assert "{{Universidad de Alicante. Departamento de Enfermería}}" in normaliser.write(
        replace(dspace, contributors=(replace(dspace.contributors[1], role="author"),)), "bibtex"
    )


def test_a_name_given_as_it_appears_among_inverted_names_is_kept_whole() -> None:
    # DC practice (OpenAIRE's creator guideline, library DC guides): personal names inverted,
    # "Family, Given"; "when in doubt, give the name as it appears, and do not invert". In a
    # record that inverts its names, a name in direct order is one its cataloguer did not split:
    # kept whole, as a JATS <string-name> is (P. N. Huamán). Capitals or trailing initials still
    # mark the family name (ZENG Mingtang, Zeng MT); a body stays a body.
    record = one(
        oai_dc(
            "<dc:title>Household clustering of Strongyloides stercoralis infection</dc:title>",
            "<dc:creator>Quispe Mamani, Rosa Elvira</dc:creator>",
            "<dc:creator>Whitfield, Daniel</dc:creator>",
            "<dc:creator>P. N. Huamán</dc:creator>",
            "<dc:creator>ZENG Mingtang</dc:creator>",
            "<dc:creator>the RIVERA Study Group</dc:creator>",
        )
    )
    names = [c.names[0] for c in record.contributors]
    assert names[2] == Name(literal="P. N. Huamán")
    assert (names[3].family, names[3].given) == ("Zeng", "Mingtang")
    assert (names[4].literal, names[4].style) == ("the RIVERA Study Group", "given-only")
    assert values(dc_again(record), "creator")[2] == "P. N. Huamán"
    # A record that writes every name in direct order says nothing by it: its names are split
    # given-first, as before, so RIS, BibTeX and MARC get family and given names.
    direct = one(
        oai_dc(
            "<dc:title>Household clustering</dc:title>",
            "<dc:creator>Daniel Whitfield</dc:creator>",
            "<dc:creator>P. N. Huamán</dc:creator>",
        )
    )
    assert [(n.family, n.given) for c in direct.contributors for n in c.names] == [
        ("Whitfield", "Daniel"),
        ("Huamán", "P. N."),
    ]
    ris = normaliser.write([direct], "ris")
    assert "AU  - Whitfield, Daniel" in ris and "AU  - Huamán, P. N." in ris
    assert "author = {Whitfield, Daniel and Huamán, P. N.}" in normaliser.write([direct], "bibtex")


def test_a_jats_string_name_among_structured_names_comes_back_whole() -> None:
    people = (
        Contributor((Name("Quispe Mamani", "Rosa Elvira"),)),
        Contributor((Name(literal="P. N. Huamán"),)),
        Contributor((Name(literal="the RIVERA Study Group", style="given-only"),)),
    )
    record = Record(titles=(Text("Household clustering", "en"),), contributors=people)
    for format in ("dc", "qdc"):
        [back] = normaliser.read(normaliser.write([record], format).encode(), format)
        assert back.contributors == people


def test_a_contributor_repeating_a_creator_in_direct_order_is_read_once() -> None:
    # A DSpace record repeating its creators as plain dc:contributor, one of them in direct
    # order: still the same person (kept whole as a name given as it appears, it is compared
    # by its parts too).
    record = one(
        oai_dc(
            "<dc:title>Groundwater salinity along the Dutch coast</dc:title>",
            "<dc:creator>Jong, G. de</dc:creator>",
            "<dc:creator>Vries, Anna</dc:creator>",
            "<dc:contributor>G. de Jong</dc:contributor>",
            "<dc:contributor>Vries, Anna</dc:contributor>",
        )
    )
    assert [(c.role, c.names[0].family) for c in record.contributors] == [
        ("author", "de Jong"),
        ("author", "Vries"),
    ]


def test_a_pinyin_form_in_direct_order_beside_its_han_name_is_split() -> None:
    # OJS 3.4 gives one dc:creator per author and locale. A Latin form in direct order that
    # spells the Han name before it is split by that name's parts, even in a record that
    # inverts its other names: the Han name tells which part is the family name.
    record = one(
        oai_dc(
            '<dc:title xml:lang="zh-CN">黄河流域城市韧性</dc:title>',
            '<dc:creator xml:lang="zh-CN">陈嘉怡</dc:creator>',
            '<dc:creator xml:lang="en-US">Jiayi Chen</dc:creator>',
            '<dc:creator xml:lang="en-US">Whitfield, Daniel</dc:creator>',
        )
    )
    assert [[(n.family, n.given, n.literal) for n in c.names] for c in record.contributors] == [
        [("陈", "嘉怡", None), ("Chen", "Jiayi", None)],
        [("Whitfield", "Daniel", None)],
    ]


def test_a_short_han_name_kept_whole_comes_back_split_a_limit_of_dc() -> None:
    # What DC cannot say (README, Dublin Core, "What is kept"): Chinese DC writes every Han
    # name run together, split or not, so a short Han name a record keeps whole (a body's
    # 新华社, a JATS string-name with no romanised form) is read back as every Chinese DC name
    # is, split by the Chinese surnames. Its text, language and style are kept; a longer
    # Han name is a body's and comes back whole.
    people = (
        Contributor((Name(literal="新华社", style="eastern", lang="zh-Hans"),)),
        Contributor((Name(literal="全国信息与文献标准化技术委员会", style="eastern", lang="zh"),)),
    )
    record = Record(titles=(Text("春运首日客流平稳", "zh-Hans"),), contributors=people)
    for format in ("dc", "qdc"):
        [back] = normaliser.read(normaliser.write([record], format).encode(), format)
        short, body = (c.names[0] for c in back.contributors)
        assert (short.family, short.given, short.literal) == ("新", "华社", None)
        assert (short.display, short.lang, short.style) == ("新华社", "zh-Hans", "eastern")
        assert body == people[1].names[0]
