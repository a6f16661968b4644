"""Link extraction (words and place on the page) and ranking (statement, hub, year)."""

from __future__ import annotations

import gzip

import pytest

from app.discovery.links import Link, parse_links
from app.discovery.ranking import hub_score, same_site, statement_score, year_of
from app.discovery.sitemaps import sitemap_locations

PAGE = """<!DOCTYPE html><html><head><title>Acme</title><base href="https://www.acme.co.uk/en/"></head><body>
<header><a href="/">Home</a>
<nav><ul><li class="dropdown"><a href="about">About</a>
  <ul class="dropdown-menu"><li><a href="msa">Modern Slavery Statement</a></li></ul></li>
  <li><a href="news" title="Latest news">News</a></li></ul></nav></header>
<main><p>Read our <a href="docs/ms.pdf" aria-label="Slavery and Human Trafficking Statement 2024">statement</a></p>
<a href="x.pdf"><img src="b.png" alt="Anti-Slavery Statement"></a>
<a href="#top">Top</a><a href="mailto:a@b.c">Mail</a><a href="javascript:void(0)">JS</a></main>
<div id="footer"><a href="legal#terms">Legal</a></div></body></html>"""


def test_links_carry_their_words_target_and_place() -> None:
    page = parse_links(PAGE.encode(), "https://www.acme.co.uk/")
    by_href = {link.href: link for link in page.links}
    assert page.title == "Acme"
    assert by_href["https://www.acme.co.uk/en/msa"].location == "dropdown"
    assert by_href["https://www.acme.co.uk/en/about"].location == "nav"
    assert by_href["https://www.acme.co.uk/"].location == "header"
    assert by_href["https://www.acme.co.uk/en/news"].title == "Latest news"
    body = by_href["https://www.acme.co.uk/en/docs/ms.pdf"]
    assert body.location == "body" and body.aria_label.startswith("Slavery and Human")
    assert by_href["https://www.acme.co.uk/en/x.pdf"].alt == "Anti-Slavery Statement"
    assert by_href["https://www.acme.co.uk/en/legal"].location == "footer"  # fragment dropped
    assert not any(link.href.startswith(("mailto", "javascript")) for link in page.links)


def test_charset_from_meta_and_windows_1252_fallback() -> None:
    declared = '<html><head><meta charset="windows-1252"></head><body><a href="/s">Statement \u2013 2024</a>'
    page = parse_links(declared.encode("cp1252"), "http://x.test/")
    assert page.links[0].text == "Statement \u2013 2024"
    undeclared = "<html><body><a href='/c'>Caf\u00e9 \u00a3</a></body></html>".encode("cp1252")
    assert parse_links(undeclared, "http://x.test/").links[0].text == "Caf\u00e9 \u00a3"


def link(text: str, href: str = "https://acme.test/page", location: str = "body") -> Link:
    return Link(href, text, "", "", "", location, 0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "Modern Slavery Statement",
        "Slavery and Human Trafficking Statement",
        "Anti-Slavery Statement",
        "Modern Slavery Act Statement 2023/24",
        "MSA Transparency Statement",
    ],
)
def test_statement_names_score_high(text: str) -> None:
    assert statement_score(link(text)) >= 90


@pytest.mark.parametrize("text", ["Modern Slavery Policy", "Anti-slavery code of conduct", "Modern slavery training"])
def test_policies_and_codes_are_not_statement_links(text: str) -> None:
    assert statement_score(link(text)) < 40


def test_the_act_itself_is_not_a_statement_link() -> None:
    act = link("Modern Slavery Act 2015", "https://www.legislation.gov.uk/ukpga/2015/30/contents")
    assert statement_score(act) == 0
    assert 40 <= statement_score(link("Modern Slavery Act")) < 90


def test_statement_slug_in_the_target_counts_without_words() -> None:
    assert statement_score(link("Download", "https://acme.test/files/modern-slavery-statement.pdf")) >= 40


def test_hubs_are_ranked_and_chores_are_not_hubs() -> None:
    assert hub_score(link("Corporate governance", location="footer")) > hub_score(link("About us", location="body"))
    assert hub_score(link("Careers")) == 0 and hub_score(link("Privacy policy")) == 0


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Modern Slavery Statement 2023", 2023),
        ("Statement 2023/24", 2024),
        ("FY24 statement", 2024),
        ("statement-2022-2023.pdf", 2023),
        ("Modern Slavery Statement", None),
    ],
)
def test_year_named_by_a_link(text: str, year: int | None) -> None:
    assert year_of(text) == year


def test_same_site_knows_subdomains_and_second_level_domains() -> None:
    assert same_site("https://www.acme.co.uk/", "https://corporate.acme.co.uk/x")
    assert not same_site("https://acme.co.uk/", "https://other.co.uk/")
    assert not same_site("http://org-1.localhost:80/", "http://group-1.localhost:80/")


def test_sitemaps_plain_gzip_and_index() -> None:
    urlset = b"<urlset><url><loc>https://a.test/x</loc></url><url><loc> https://a.test/y&amp;z </loc></url></urlset>"
    assert sitemap_locations(urlset) == (False, ["https://a.test/x", "https://a.test/y&z"])
    assert sitemap_locations(gzip.compress(urlset))[1] == ["https://a.test/x", "https://a.test/y&z"]
    index = b"<?xml version='1.0'?><sitemapindex><sitemap><loc>https://a.test/s1.xml</loc></sitemap></sitemapindex>"
    assert sitemap_locations(index) == (True, ["https://a.test/s1.xml"])


BASES = [
    "http://a.example/",
    "http://a.example",
    "https://a.example:8443/x/y.html?q=1#f",
    "HTTP://A.example/b/",
    "http://u:p@h/x;p?q",
    "http://h?x",
    "http://h#y",
    " http://h/x",
    "http://h\t/x",
    "ftp://h/x",
    "https://h/a/b/../c",
    "http://[::1]:80/x",
    "mailto:x",
    "http:h",
]
TARGETS = [
    "http://b.example/p#frag",
    "https://b/x?y#z",
    "http:///x",
    "http://\n/x",
    "http://h/../a",
    "http://h/a/./b",
    "http://h/?",
    "http://h/#",
    "/a/b",
    "/a/../b",
    "/./x",
    "//other/x",
    "/x?q#f",
    "/",
    "/\\evil",
    "x",
    "../y",
    "?q",
    "#f",
    "",
    "HTTP://C/x",
    "http://\u00e9.example/x",
    "http:/x",
    "https:x",
    "/%2e%2e/x",
    "http://h:80",
    "http://h.example\\x",
]


@pytest.mark.parametrize("base", BASES)
def test_remembered_resolution_equals_urljoin(base: str) -> None:
    from urllib.parse import urldefrag, urljoin

    from app.discovery.links import _origin, absolute_url

    for raw in TARGETS:
        assert absolute_url(base, raw, _origin(base)) == urldefrag(urljoin(base, raw))[0], (base, raw)


def test_link_words_from_nested_markup_images_and_areas() -> None:
    page = (
        b'<html><body><a href="/a"><span>Modern</span> Slavery <b>Statement</b></a>'
        b'<a href="/b"><img src="x.png" alt="Anti-Slavery"><img src="y.png" alt="Statement"></a>'
        b'<a href="/c"><img src="x.png"></a><map><area href="/d" alt="Legal"></map>'
        b'<a href="/e">  Modern \n\t slavery\xc2\xa0statement </a></body></html>'
    )
    links = {link.href.rsplit("/", 1)[1]: link for link in parse_links(page, "https://acme.test/").links}
    assert links["a"].text == "Modern Slavery Statement" and links["a"].label == "Modern Slavery Statement"
    assert links["b"].alt == "Anti-Slavery Statement" and links["b"].text == ""
    assert "c" not in links or links["c"].label == ""
    assert links["d"].alt == "Legal" and links["d"].path == "/d" and links["d"].host == "acme.test"
    assert links["e"].text == "Modern slavery statement"


def test_malformed_link_targets_are_skipped_not_fatal() -> None:
    page = parse_links(
        b'<a href="http://[bad/">Modern slavery statement</a><a href="https://x.test:99999/a">Modern slavery</a>'
        b'<a href="/modern-slavery-statement">Modern Slavery Statement</a>',
        "https://www.acme.co.uk/",
    )
    assert [link.href for link in page.links] == [
        "https://x.test:99999/a",
        "https://www.acme.co.uk/modern-slavery-statement",
    ]


def test_join_url_refuses_malformed_results() -> None:
    from app.discovery.links import join_url

    assert join_url("https://a.test/x/", "y") == "https://a.test/x/y"
    assert join_url("https://a.test/", "http://[bad/") is None
    assert join_url("https://a.test/", "https://a.test:99999/") is None
