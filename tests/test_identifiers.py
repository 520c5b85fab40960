from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from normaliser import identifiers as ids
from normaliser.errors import InvalidRecord


@pytest.mark.parametrize(
    "value",
    [
        "10.2147/IJN.S502144",
        " https://doi.org/10.2147/IJN.S502144 ",
        "doi:10.2147/IJN.S502144",
        "DOI：10.2147/IJN.S502144",
        "info:doi/10.2147/IJN.S502144",
        "10.2147%2FIJN.S502144",
        "https://dx.doi.org/10.2147/IJN.S502144",
        "１０．２１４７／IJN.S502144",
        "10.2147/IJN.S502144.",
    ],
)
def test_doi_spellings(value: str) -> None:
    assert ids.normalise_doi(value) == "10.2147/IJN.S502144"


@pytest.mark.parametrize(
    "value", ["", "10.1/x", "doi", "https://example.org/10.2147", "11.2147/abc"]
)
def test_not_dois(value: str) -> None:
    with pytest.raises(InvalidRecord, match="is not a DOI"):
        ids.normalise_doi(value)


def normalise_doi_reference(value: str) -> str | None:
    """``normalise_doi`` before its fast path for DOIs written as kept (issue #19); None for a
    refused value."""
    doi = unicodedata.normalize("NFKC", value).strip()
    for _ in range(2):
        doi = ids._DOI_PREFIX.sub("", doi).strip()
    if "%2f" in doi.lower():
        doi = unquote(doi)
    doi = re.sub(r"\s+", "", doi).rstrip(".,;")
    return doi if ids._DOI.match(doi) else None


_doi_like = st.one_of(
    st.text(alphabet="10.2147/IJNS5doi:%2F ,;\t\n\x1c１０．", max_size=30),
    st.builds(
        "".join,
        st.lists(
            st.sampled_from(["10.", "1234", "99999", "/", "abc", ".", ",", ";", " ", "%2f", "\n"]),
            max_size=8,
        ),
    ),
)


@given(_doi_like)
@example("10.1234/x")
@example("10.1234/x.")
@example("10.1234/x\n")
@example("10.1234/%2Fx")
def test_normalise_doi_is_the_reference(value: str) -> None:
    try:
        got: str | None = ids.normalise_doi(value)
    except InvalidRecord:
        got = None
    assert got == normalise_doi_reference(value)


def test_doi_from_url_and_comparison() -> None:
    assert ids.doi_from_url("https://doi.org/10.2147/IJN.S502144") == "10.2147/IJN.S502144"
    assert ids.doi_from_url("https://example.org/10.2147/IJN.S502144") is None
    assert ids.same_doi("10.2147/ijn.s502144", "10.2147/IJN.S502144")


def test_pmcid() -> None:
    assert ids.normalise_pmcid("pmc123") == "PMC123"
    assert ids.normalise_pmcid(12083498) == "PMC12083498"
    url = "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC12083498/pdf/"
    assert ids.pmcid_from_url(url) == "PMC12083498"
    assert ids.pmcid_from_url("https://example.org/PMC12083498/") is None
    with pytest.raises(InvalidRecord):
        ids.normalise_pmcid("PMCX")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1176-9114", "1176-9114"), ("1178 2013", "1178-2013"), ("1000-002x", "1000-002X")],
)
def test_issn(value: str, expected: str) -> None:
    assert ids.normalise_issn(value) == expected


def test_issn_check_digit_is_checked() -> None:
    with pytest.raises(InvalidRecord, match="check digit"):
        ids.normalise_issn("1176-9115")


def test_orcid() -> None:
    assert ids.normalise_orcid("https://orcid.org/0000-0002-1825-0097") == "0000-0002-1825-0097"
    with pytest.raises(InvalidRecord, match="checksum"):
        ids.normalise_orcid("0000-0002-1825-0098")


def test_url() -> None:
    assert ids.normalise_url(" https://a.org/x ") == "https://a.org/x"
    for bad in ("ftp://a.org/x", "javascript:alert(1)", "a.org", "https://a.org/with space"):
        with pytest.raises(InvalidRecord):
            ids.normalise_url(bad)


@given(
    st.text(st.sampled_from(["h", "t", "p", "s", ":", "/", ".", "x", " ", "\t", "\u200b", "\xa0"]))
)
def test_is_url_refuses_exactly_the_urls_holding_white_space(tail: str) -> None:
    from urllib.parse import urlsplit

    for url in (tail, "https://a.org/" + tail, "http://" + tail):
        trimmed = url.strip()
        try:
            parts = urlsplit(trimmed)
        except ValueError:
            continue
        expected = (
            parts.scheme.lower() in ("http", "https")
            and bool(parts.netloc)
            and not any(ch.isspace() for ch in trimmed)
        )
        assert ids.is_url(url) == expected
