"""A whole simulated web: organisation sites (one scenario each) plus parent-group sites, all on one port."""

from __future__ import annotations

import random
from collections.abc import Sequence

from app.simweb import content as c
from app.simweb.generator import CURRENT_YEAR, SCENARIOS, SUFFIXES, WORDS, Draft, _xml
from app.simweb.model import Resource, Site
from app.simweb.pdf import make_pdf


class SimulatedWeb:
    """`sites` organisation websites named org-NNNN.localhost and group-NN.localhost, served on `port`."""

    def __init__(self, sites: int, port: int, seed: int = 1, scenarios: Sequence[str] | None = None) -> None:
        self.port = port
        self.seed = seed
        self.sites: dict[str, Site] = {}
        self.organisations: list[Site] = []
        groups = max(1, sites // 25)
        for index in range(sites):
            rng = random.Random(f"{seed}:{index}")
            scenario = scenarios[index % len(scenarios)] if scenarios else _weighted(rng)
            site = self._organisation(index, scenario, rng, groups)
            self.organisations.append(site)
            self.sites[site.host] = site
        for number in range(groups):
            group = self._group(number)
            self.sites[group.host] = group

    def origin(self, host: str) -> str:
        """http://host:port."""
        return f"http://{host}:{self.port}"

    def _organisation(self, index: int, scenario: str, rng: random.Random, groups: int) -> Site:
        """Build one organisation's site."""
        host = f"org-{index:04d}.localhost"
        name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(SUFFIXES)}"
        site = Site(host=host, name=name, scenario=scenario, origin=self.origin(host))
        site.group = self.origin(f"group-{index % groups:02d}.localhost")
        draft = Draft(site, rng)
        _base_menus(draft)
        site.truth = SCENARIOS[scenario][0](draft)
        _base_pages(draft)
        return site

    def _group(self, number: int) -> Site:
        """A parent group's site hosting one statement that covers its subsidiaries."""
        host = f"group-{number:02d}.localhost"
        site = Site(host=host, name=f"Group {number:02d} plc", scenario="group", origin=self.origin(host))
        covered = [o.name for o in self.organisations if o.scenario == "group_site" and o.group == site.origin]
        draft = Draft(site, random.Random(f"{self.seed}:group:{number}"))
        path = f"/modern-slavery-statement-{CURRENT_YEAR}.pdf"
        paragraphs = c.statement_paragraphs(site.name, CURRENT_YEAR, "diversified", [site.name, *covered])
        draft.add(
            path,
            Resource(
                body=make_pdf(f"{site.name} Group Modern Slavery Statement", paragraphs), content_type="application/pdf"
            ),
        )
        draft.footer.append(("Modern Slavery Statement", site.url(path)))
        _base_pages(draft)
        return site


def _weighted(rng: random.Random) -> str:
    """A scenario drawn by the realistic weights."""
    names = list(SCENARIOS)
    return rng.choices(names, weights=[SCENARIOS[n][1] for n in names])[0]


def _base_menus(d: Draft) -> None:
    """The navigation and footer every site has."""
    u = d.site.url
    d.nav[:] = [
        c.NavItem("Products", u("/products")),
        c.NavItem("Services", u("/services")),
        c.NavItem("About us", u("/about"), (("Our story", u("/about/story")), ("Leadership", u("/about/leadership")))),
        c.NavItem("News", u("/news")),
        c.NavItem("Careers", u("/careers")),
        c.NavItem("Contact", u("/contact")),
    ]
    d.footer[:] = [
        ("Privacy policy", u("/privacy")),
        ("Cookies", u("/cookies")),
        ("Accessibility", u("/accessibility")),
        ("Legal", u("/legal")),
        ("Sustainability", u("/sustainability")),
    ]


def _base_pages(d: Draft) -> None:
    """Homepage, hubs, ordinary pages, robots.txt and sitemap."""
    org, u = d.org, d.site.url
    for path, topic in (
        ("/products", "products"),
        ("/services", "services"),
        ("/about/story", "story"),
        ("/about/leadership", "leadership team"),
        ("/news", "news"),
        ("/careers", "careers"),
        ("/contact", "contact details"),
        ("/privacy", "privacy policy"),
        ("/cookies", "cookie policy"),
        ("/accessibility", "accessibility statement"),
        ("/sustainability", "sustainability work"),
    ):
        d.html(path, topic.capitalize(), c.paragraphs_html(c.filler_paragraphs(org, topic)), d.charset)
    governance = _list([*d.governance_links, ("Board committees", u("/about/governance/committees"))])
    d.html("/about/governance", "Corporate governance", f"<h1>Corporate governance</h1>{governance}", d.charset)
    about = _list([("Our story", u("/about/story")), ("Corporate governance", u("/about/governance")), *d.about_links])
    d.html("/about", "About us", f"<h1>About {org}</h1>{about}", d.charset)
    legal = _list([("Terms of use", u("/legal/terms")), ("Privacy policy", u("/privacy")), *d.legal_links])
    d.html("/legal", "Legal", f"<h1>Legal information</h1>{legal}", d.charset)
    d.html("/legal/terms", "Terms of use", c.paragraphs_html(c.filler_paragraphs(org, "terms of use")), d.charset)
    body = "".join(d.body) + c.paragraphs_html(c.filler_paragraphs(org, "company"))
    if d.homepage_padding:
        body += (
            "<ul>"
            + "".join(
                f'<li><a href="/products/{i}">Product {i} in our catalogue</a></li>' for i in range(d.homepage_padding)
            )
            + "</ul>"
        )
    d.html("/", "Home", f"<h1>Welcome to {org}</h1>{body}", d.charset)
    d.add("/robots.txt", Resource(body=d.robots.encode(), content_type="text/plain"))
    if d.sitemap:
        urls = [u("/"), u("/about"), u("/legal"), *d.sitemap]
        d.add(
            "/sitemaps/pages.xml",
            _xml(
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                + "".join(f"<url><loc>{x}</loc></url>" for x in urls)
                + "</urlset>"
            ),
        )


def _list(links: list[tuple[str, str]]) -> str:
    """An HTML list of links."""
    return "<ul>" + "".join(f'<li><a href="{href}">{label}</a></li>' for label, href in links) + "</ul>"
