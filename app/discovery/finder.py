"""The search: homepage links that name the statement, then hubs one or two hops deep, then the sitemap."""

from __future__ import annotations

import asyncio
import heapq
import time
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from app.discovery.links import Link, ParsedPage, parse_links
from app.discovery.ranking import (
    STATEMENT_THRESHOLD,
    hub_score,
    link_year,
    site_key,
    statement_score,
    worth_a_look,
    year_of,
)
from app.discovery.result import BrokenLink, DiscoveryResult, HomepageLink
from app.discovery.robots import origin_of
from app.discovery.session import OrganisationCrawl, Page
from app.discovery.sitemaps import sitemap_links
from app.discovery.verify import Verdict, Verifier, document_kind

MAX_DEPTH = 2
HUB_LINKS_PER_PAGE = 4
BIG_PAGE = 200_000
MAX_HISTORY = 5


class BudgetSpent(Exception):
    """The organisation's request budget ran out."""


@dataclass(frozen=True)
class Lead:
    """A URL worth fetching, with the chain of links from the homepage that led to it."""

    url: str
    chain: tuple[Link, ...]
    score: int
    year: int | None

    @property
    def link(self) -> Link:
        """The last link of the chain (the one pointing at this URL)."""
        return self.chain[-1]


def statement_leads(links: list[Link], chain: tuple[Link, ...]) -> list[Lead]:
    """Links that name a statement, best first: statement-named, then latest year, then page order."""
    leads = [
        Lead(link.href, (*chain, link), score, link_year(link))
        for link in links
        if (score := statement_score(link)) >= STATEMENT_THRESHOLD
    ]
    return sorted(leads, key=lambda lead: (lead.score < 90, -(lead.year or 0), -lead.score, lead.link.order))


class Finder:
    """Finds one organisation's statement; the crawl session bounds and politely performs every request."""

    def __init__(
        self,
        crawl: OrganisationCrawl,
        verify: Verifier,
        keep_documents: bool = True,
        verify_slots: asyncio.Semaphore | None = None,
    ) -> None:
        self.crawl = crawl
        self.verify = verify
        self.verify_slots = verify_slots or asyncio.Semaphore(2)
        self.keep_documents = keep_documents
        self.visited: set[str] = set()
        self.queued: set[str] = set()
        self.result = DiscoveryResult(url="", outcome="not_found")
        self.blocked: list[Lead] = []
        self.home_url = ""

    async def run(self, url: str) -> DiscoveryResult:
        """Discover the statement reachable from `url` (the homepage)."""
        started = time.monotonic()
        self.result = DiscoveryResult(url=url, outcome="not_found")
        try:
            await self._search(url)
            if self.crawl.fetcher.options.fetch_history and self.keep_documents:
                await self._fetch_history()
        except BudgetSpent:
            self.result.budget_exhausted = True
        self._conclude()
        self.result.requests = self.crawl.requests
        self.result.elapsed_seconds = time.monotonic() - started
        if self.keep_documents:
            self.result.documents[:0] = self.crawl.robots_fetches
        return self.result

    async def _search(self, url: str) -> None:
        """Homepage, then its statement links, then hubs, then sitemaps."""
        home = await self._get(url)
        if not home.ok:
            blocked = home.error == "blocked_by_robots"
            self.result.outcome = "blocked_by_robots" if blocked else "unreachable"
            self.result.detail = home.detail
            return
        self.home_url = self.result.homepage_url = home.final_url
        page = await self._parse(home)
        if await self._try_leads(statement_leads(page.links, ()), page):
            return
        if await self._explore_hubs(page):
            return
        await self._try_sitemaps()

    async def _fetch_history(self) -> None:
        """Fetch the earlier statements listed beside the current one, so the archive keeps them too."""
        for url in self.result.history[:MAX_HISTORY]:
            if url not in self.visited:
                await self._get(url)

    async def _get(self, url: str) -> Page:
        """Fetch through the session, keeping the documents and stopping when the budget is spent."""
        page = await self.crawl.get(url)
        self.visited.update({url, page.final_url})
        if self.keep_documents:
            self.result.documents.extend(page.fetches)
        if page.error == "budget":
            raise BudgetSpent
        return page

    async def _parse(self, page: Page) -> ParsedPage:
        """Links worth a look on an HTML page (nothing for other kinds); big pages are parsed off the event loop."""
        if document_kind(page.body, page.content_type) != "html":
            return ParsedPage("", [])
        args = (page.body, page.final_url, page.headers.get("content-type"), worth_a_look)
        if len(page.body) > BIG_PAGE:
            return await asyncio.to_thread(parse_links, *args)
        return parse_links(*args)

    async def _try_leads(self, leads: list[Lead], source: ParsedPage, descend: bool = True) -> bool:
        """Fetch and verify leads in order; a non-statement HTML lead is searched one level deeper."""
        for lead in leads:
            if lead.url in self.visited:
                continue
            page = await self._get(lead.url)
            if not page.ok:
                self._note_failure(lead, page)
                continue
            verdict = await self._verify(page)
            if verdict.is_statement:
                if descend and await self._prefer_linked(lead, page, verdict):
                    return True
                self._found(lead, page, verdict, source)
                return True
            if descend and verdict.kind == "html" and len(lead.chain) <= MAX_DEPTH:
                inner = await self._parse(page)
                if await self._try_leads(statement_leads(inner.links, lead.chain), inner):
                    return True
        return False

    async def _prefer_linked(self, lead: Lead, page: Page, verdict: Verdict) -> bool:
        """A landing page that passes as a statement but links to a newer (or any dated) one: take the linked one."""
        if verdict.kind != "html" or len(lead.chain) > MAX_DEPTH:
            return False
        inner = await self._parse(page)
        own_year = year_of(inner.title, unquote(urlsplit(page.final_url).path), lead.link.label)
        better = [
            other
            for other in statement_leads(inner.links, lead.chain)
            if other.score >= 60
            and other.year is not None
            and (other.year > own_year if own_year is not None else verdict.confidence < 0.9)
        ]
        return bool(better) and await self._try_leads(better, inner, descend=False)

    async def _verify(self, page: Page) -> Verdict:
        """Ask the verifier in a thread (it blocks on an extraction worker), a bounded number at a time."""
        async with self.verify_slots:
            return await asyncio.to_thread(self.verify, page.body, page.headers.get("content-type"))

    async def _explore_hubs(self, home: ParsedPage) -> bool:
        """Best-first through likely hubs on the same site, at most MAX_DEPTH hops from the homepage."""
        queue: list[tuple[int, int, Lead]] = []
        self._queue_hubs(queue, home.links, ())
        fetched = 0
        while queue and fetched < self.crawl.fetcher.options.max_hub_pages:
            lead = heapq.heappop(queue)[2]
            if lead.url in self.visited:
                continue
            fetched += 1
            page = await self._get(lead.url)
            if not page.ok:
                continue
            parsed = await self._parse(page)
            if await self._try_leads(statement_leads(parsed.links, lead.chain), parsed):
                return True
            if len(lead.chain) < MAX_DEPTH:
                self._queue_hubs(queue, parsed.links, lead.chain)
        return False

    def _queue_hubs(self, queue: list[tuple[int, int, Lead]], links: list[Link], chain: tuple[Link, ...]) -> None:
        """Push the page's best hub links, a deeper hop costing a little priority."""
        for lead in self._hub_leads(links, chain):
            self.queued.add(lead.url)
            heapq.heappush(queue, (-(lead.score - 5 * len(chain)), len(self.queued), lead))

    def _hub_leads(self, links: list[Link], chain: tuple[Link, ...]) -> list[Lead]:
        """Same-site links that look like hubs, best first."""
        home = site_key(urlsplit(self.home_url).hostname or "")
        scored = [
            (hub_score(link), link)
            for link in links
            if link.href not in self.visited and link.href not in self.queued and site_key(link.host) == home
        ]
        best = sorted(((s, link) for s, link in scored if s > 0), key=lambda item: (-item[0], item[1].order))
        return [Lead(link.href, (*chain, link), s, None) for s, link in best[:HUB_LINKS_PER_PAGE]]

    async def _try_sitemaps(self) -> bool:
        """Statement-like URLs listed in the sitemaps (announced in robots.txt, else /sitemap.xml)."""
        rules = await self.crawl.robots.rules_for(self.home_url)
        announced = rules.sitemaps or [origin_of(self.home_url) + "/sitemap.xml"]
        links = await sitemap_links(announced, self._get, self.crawl.fetcher.options.max_sitemap_urls)
        leads = statement_leads(links, ())
        return await self._try_leads(leads[:3], ParsedPage("", links), descend=False)

    def _note_failure(self, lead: Lead, page: Page) -> None:
        """Remember a statement link that failed or that robots.txt forbids."""
        if page.error == "blocked_by_robots":
            self.blocked.append(lead)
            return
        link = lead.link
        self.result.broken_links.append(
            BrokenLink(link.text or link.label, lead.url, page.status, page.error, on_homepage=len(lead.chain) == 1)
        )

    def _found(self, lead: Lead, page: Page, verdict: Verdict, source: ParsedPage) -> None:
        """Record the statement, the homepage-link verdict and earlier years listed beside it."""
        r = self.result
        r.outcome, r.statement_url, r.statement_kind = "found", page.final_url, verdict.kind
        r.statement_title, r.confidence = verdict.title, verdict.confidence
        r.found_via = (
            "sitemap"
            if not lead.chain or lead.chain[0].location == "sitemap"
            else ("homepage" if statement_score(lead.chain[0]) >= STATEMENT_THRESHOLD else "hub")
        )
        r.homepage_link = homepage_verdict(lead, r.found_via)
        r.history = [other.url for other in statement_leads(source.links, ()) if _is_earlier(other, lead)]

    def _conclude(self) -> None:
        """Pick the outcome when nothing was found."""
        r = self.result
        if r.outcome != "not_found":
            return
        if r.broken_links:
            r.outcome, r.detail = "broken_link", f"statement link failed: {r.broken_links[0].href}"
        elif self.blocked:
            r.outcome, r.detail = "blocked_by_robots", f"robots.txt forbids {self.blocked[0].url}"
        elif r.budget_exhausted:
            r.detail = "request budget exhausted before a statement was found"


def _is_earlier(other: Lead, chosen: Lead) -> bool:
    """A sibling statement link for another (earlier) year."""
    if other.url == chosen.url or other.year is None or other.score < 60:
        return False
    return chosen.year is None or other.year < chosen.year


def homepage_verdict(lead: Lead, found_via: str) -> HomepageLink:
    """Prominent when a homepage link (nav, drop-down, header, footer or body) names the statement."""
    if found_via == "sitemap" or not lead.chain:
        return HomepageLink()
    path = [link.text or link.label for link in lead.chain]
    if found_via == "homepage":
        first = lead.chain[0]
        return HomepageLink(
            True, True, len(lead.chain) == 1, first.text or first.label, first.href, first.location, path
        )
    last = lead.chain[-1]
    return HomepageLink(True, False, False, last.text or last.label, last.href, last.location, path)
