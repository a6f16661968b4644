"""A deterministic generator of organisation websites, one scenario per site, each with its ground truth."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from app.simweb import content as c
from app.simweb.model import Resource, Site, Truth
from app.simweb.pdf import make_pdf

PDF = "application/pdf"
WORDS = (
    "Acme",
    "Northwind",
    "Brightwater",
    "Harbour",
    "Oakfield",
    "Summit",
    "Kestrel",
    "Meridian",
    "Juniper",
    "Thames",
    "Pennine",
    "Castle",
    "Ridgeway",
    "Linden",
    "Solent",
    "Cobalt",
    "Fenwick",
    "Galloway",
)
SUFFIXES = ("Ltd", "plc", "Holdings Ltd", "Group plc", "UK Ltd", "Services Ltd")
CURRENT_YEAR = 2024


@dataclass
class Draft:
    """A site under construction: its menus, footer, body, extra resources and truth."""

    site: Site
    rng: random.Random
    nav: list[c.NavItem] = field(default_factory=list)
    footer: list[tuple[str, str]] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    charset: str = "utf-8"
    robots: str = "User-agent: *\nDisallow: /admin/\n"
    sitemap: list[str] = field(default_factory=list)
    about_links: list[tuple[str, str]] = field(default_factory=list)
    legal_links: list[tuple[str, str]] = field(default_factory=list)
    governance_links: list[tuple[str, str]] = field(default_factory=list)
    homepage_padding: int = 0

    @property
    def org(self) -> str:
        """The organisation's name."""
        return self.site.name

    def add(self, path: str, resource: Resource) -> str:
        """Serve `resource` at `path`; return its absolute URL."""
        self.site.resources[path] = resource
        return self.site.url(path)

    def pdf(self, path: str, title: str, paragraphs: list[str], content_type: str | None = PDF) -> str:
        """Serve a PDF at `path`."""
        return self.add(path, Resource(body=make_pdf(title, paragraphs), content_type=content_type))

    def html(self, path: str, title: str, body: str, charset: str = "utf-8") -> str:
        """Serve an HTML page with the site's menus at `path`."""
        page = c.PageParts(title=f"{title} | {self.org}", body=body, nav=self.nav, footer=self.footer, charset=charset)
        return self.add(path, Resource(body=c.render_page(page), content_type=f"text/html; charset={charset}"))

    def statement_pdf(self, path: str, year: int = CURRENT_YEAR) -> str:
        """Serve this organisation's statement for `year` as a PDF."""
        title = f"{self.org} Modern Slavery Statement {year}"
        return self.pdf(path, title, c.statement_paragraphs(self.org, year, self.rng.choice(c.SECTORS)))

    def statement_html(self, path: str, year: int = CURRENT_YEAR, charset: str = "utf-8") -> str:
        """Serve this organisation's statement for `year` as an HTML page."""
        paragraphs = c.statement_paragraphs(self.org, year, self.rng.choice(c.SECTORS))
        body = f"<h1>Modern Slavery Statement {year}</h1>{c.paragraphs_html(paragraphs)}"
        return self.html(path, f"Modern Slavery Statement {year}", body, charset)


Scenario = Callable[[Draft], Truth]


def _footer_pdf(d: Draft) -> Truth:
    url = d.statement_pdf(f"/documents/modern-slavery-statement-{CURRENT_YEAR}.pdf")
    d.footer.append(("Modern Slavery Statement", url))
    return Truth("found", url, True, True, "footer", kind="pdf", found_via="homepage")


def _dropdown_html(d: Draft) -> Truth:
    url = d.statement_html("/about-us/modern-slavery-statement")
    about = d.nav[2]
    d.nav[2] = c.NavItem(about.label, about.href, (*about.children, ("Slavery and Human Trafficking Statement", url)))
    return Truth("found", url, True, True, "dropdown", kind="html", found_via="homepage")


def _body_link(d: Draft) -> Truth:
    url = d.statement_pdf("/media/files/anti-slavery-statement.pdf")
    d.body.append(f'<p>We oppose modern slavery. <a href="{url}">Read our Anti-Slavery Statement</a>.</p>')
    return Truth("found", url, True, True, "body", kind="pdf", found_via="homepage")


def _image_link(d: Draft) -> Truth:
    url = d.statement_pdf("/assets/doc-4471.pdf")
    d.body.append(f'<a href="{url}"><img src="/badge.png" alt="Modern Slavery Act Statement"></a>')
    return Truth("found", url, True, True, "body", kind="pdf", found_via="homepage")


def _legal_hub(d: Draft) -> Truth:
    url = d.statement_pdf("/legal/documents/msa-statement.pdf")
    d.legal_links.append(("Modern Slavery Statement", url))
    return Truth("found", url, True, False, "body", kind="pdf", found_via="hub")


def _governance_two_hops(d: Draft) -> Truth:
    url = d.statement_html("/about/governance/anti-slavery")
    d.governance_links.append(("Anti-Slavery and Human Trafficking Statement", url))
    return Truth("found", url, True, False, "body", kind="html", found_via="hub")


def _years_hub(d: Draft) -> Truth:
    urls = {year: d.statement_pdf(f"/modern-slavery/statement-{year}.pdf", year) for year in (2022, 2024, 2023)}
    items = "".join(f'<li><a href="{urls[y]}">Modern Slavery Statement {y - 1}/{str(y)[2:]}</a></li>' for y in urls)
    hub = d.html("/modern-slavery", "Modern slavery", f"<h1>Modern slavery</h1><p>Our statements:</p><ul>{items}</ul>")
    d.footer.append(("Modern Slavery", hub))
    return Truth("found", urls[2024], True, True, "footer", (urls[2023], urls[2022]), "pdf", "homepage")


def _redirect(d: Draft) -> Truth:
    url = d.pdf(
        "/download?id=8812",
        f"{d.org} Modern Slavery Statement",
        c.statement_paragraphs(d.org, CURRENT_YEAR, "retail"),
        content_type="application/octet-stream",
    )
    d.add("/msa", Resource(status=301, content_type=None, headers=(("Location", "/download?id=8812"),)))
    d.footer.append(("Modern Slavery Act Statement", d.site.url("/msa")))
    return Truth("found", url, True, True, "footer", kind="pdf", found_via="homepage")


def _group_site(d: Draft) -> Truth:
    assert d.site.group is not None
    url = f"{d.site.group}/modern-slavery-statement-{CURRENT_YEAR}.pdf"
    d.footer.append(("Group Modern Slavery Statement", url))
    return Truth("found", url, True, True, "footer", kind="pdf", found_via="homepage")


def _broken(d: Draft) -> Truth:
    url = d.site.url("/wp-content/uploads/2019/modern-slavery-statement.pdf")
    d.footer.append(("Modern Slavery Statement", url))
    return Truth("broken_link", None, False, False, None)


def _robots_ban(d: Draft) -> Truth:
    d.statement_pdf("/modern-slavery-statement.pdf")
    d.footer.append(("Modern Slavery Statement", d.site.url("/modern-slavery-statement.pdf")))
    agent = d.rng.choice(["*", "ModernSlaveryTracker"])
    d.robots = f"User-agent: {agent}\nDisallow: /\n"
    return Truth("blocked_by_robots")


def _sitemap_only(d: Draft) -> Truth:
    url = d.statement_html("/investors/reports/modern-slavery-statement-2024")
    index = d.add(
        "/sitemaps/index.xml",
        _xml(f"<sitemapindex><sitemap><loc>{d.site.url('/sitemaps/pages.xml')}</loc></sitemap></sitemapindex>"),
    )
    d.sitemap.append(url)
    d.robots += f"Sitemap: {index}\n"
    return Truth("found", url, False, False, None, kind="html", found_via="sitemap")


def _non_utf8(d: Draft) -> Truth:
    d.charset = "windows-1252"
    url = d.statement_html("/d\u00e9claration/modern-slavery", charset="windows-1252")
    d.footer.append(("Modern Slavery Statement \u2013 2024", url))
    d.body.append("<p>Caf\u00e9 culture since 1999 \u2013 prices from \u00a35 \u2019til late.</p>")
    return Truth("found", url, True, True, "footer", kind="html", found_via="homepage")


def _mentions_act_only(d: Draft) -> Truth:
    d.body.append(
        '<p>We support the aims of the <a href="https://www.legislation.gov.uk/ukpga/2015/30/contents">'
        "Modern Slavery Act 2015</a> and expect the same of our suppliers.</p>"
    )
    policy = d.pdf("/documents/anti-slavery-policy.pdf", "Anti-Slavery Policy", c.policy_paragraphs(d.org))
    d.footer.append(("Modern Slavery Policy", policy))
    return Truth("not_found")


def _mislabelled_policy(d: Draft) -> Truth:
    url = d.html("/supplier-code", "Supplier Code of Conduct", c.paragraphs_html(c.code_of_conduct_paragraphs(d.org)))
    d.footer.append(("Modern Slavery Statement", url))
    return Truth("not_found")


def _huge_homepage(d: Draft) -> Truth:
    d.homepage_padding = 12_000
    return _footer_pdf(d)


def _pdf_path_is_html(d: Draft) -> Truth:
    url = d.statement_html("/files/modern-slavery-statement-2024.pdf")
    d.footer.append(("Modern Slavery Statement", url))
    return Truth("found", url, True, True, "footer", kind="html", found_via="homepage")


def _slow(d: Draft) -> Truth:
    d.site.behaviour, d.site.slow_seconds = "slow", 0.3
    return _footer_pdf(d)


def _silent(d: Draft) -> Truth:
    d.site.behaviour = "silent"
    return Truth("unreachable")


def _rate_limited(d: Draft) -> Truth:
    d.site.behaviour = "rate_limited"
    return _footer_pdf(d)


def _no_statement(d: Draft) -> Truth:
    return Truth("not_found")


def _xml(text: str) -> Resource:
    """An XML resource."""
    return Resource(body=f'<?xml version="1.0" encoding="UTF-8"?>\n{text}'.encode(), content_type="application/xml")


SCENARIOS: dict[str, tuple[Scenario, int]] = {
    "footer_pdf": (_footer_pdf, 20),
    "dropdown_html": (_dropdown_html, 10),
    "body_link": (_body_link, 5),
    "image_link": (_image_link, 2),
    "legal_hub": (_legal_hub, 9),
    "governance_two_hops": (_governance_two_hops, 5),
    "years_hub": (_years_hub, 10),
    "redirect": (_redirect, 5),
    "group_site": (_group_site, 8),
    "broken": (_broken, 4),
    "robots_ban": (_robots_ban, 3),
    "sitemap_only": (_sitemap_only, 4),
    "non_utf8": (_non_utf8, 3),
    "mentions_act_only": (_mentions_act_only, 3),
    "mislabelled_policy": (_mislabelled_policy, 2),
    "huge_homepage": (_huge_homepage, 1),
    "pdf_path_is_html": (_pdf_path_is_html, 2),
    "slow": (_slow, 2),
    "silent": (_silent, 1),
    "rate_limited": (_rate_limited, 2),
    "no_statement": (_no_statement, 5),
}


def etag_of(body: bytes) -> str:
    """A strong ETag for a body."""
    return '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
