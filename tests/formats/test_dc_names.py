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
