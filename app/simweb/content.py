"""Texts of the simulated web: statements, look-alikes that are not statements, and ordinary pages."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

SECTORS = ("retail", "construction", "logistics", "software", "food manufacturing", "healthcare", "textiles")


@dataclass(frozen=True)
class NavItem:
    """A menu entry, optionally with a drop-down of children."""

    label: str
    href: str
    children: tuple[tuple[str, str], ...] = ()


@dataclass
class PageParts:
    """The parts of a simulated HTML page."""

    title: str
    body: str
    nav: list[NavItem] = field(default_factory=list)
    footer: list[tuple[str, str]] = field(default_factory=list)
    charset: str = "utf-8"
    extra_head: str = ""


def statement_paragraphs(org: str, year: int, sector: str, covered: list[str] | None = None) -> list[str]:
    """A plausible slavery and human trafficking statement for the financial year ending in `year`."""
    names = ", ".join(covered) if covered else org
    return [
        f"This statement is made pursuant to section 54(1) of the Modern Slavery Act 2015 and constitutes the slavery "
        f"and human trafficking statement of {names} for the financial year ending 31 March {year}.",
        f"Organisation structure and business. {org} operates in the {sector} sector in the United Kingdom and "
        "employs staff across its sites. Our supply chains include suppliers of goods and services in several "
        "countries.",
        "Policies. Our Anti-Slavery Policy, Supplier Code of Conduct and Whistleblowing Policy set out our zero "
        "tolerance approach to modern slavery, forced labour and human trafficking in our business and supply chains.",
        "Due diligence. We assess new suppliers before onboarding, carry out audits of higher-risk suppliers, and "
        "require suppliers to confirm compliance with the Modern Slavery Act 2015.",
        "Risk assessment and management. We have mapped our supply chain and identified the parts of our business "
        "at greatest risk of modern slavery, including agency labour, cleaning and overseas manufacturing.",
        "Effectiveness and key performance indicators. We measure the number of suppliers audited, the number of "
        "concerns raised and remediated, and the completion rate of training.",
        "Training. All procurement and human resources staff completed modern slavery awareness training this year.",
        f"This statement was approved by the board of directors of {org} on 15 September {year}.",
        f"Signed: Jane Smith, Director, for and on behalf of {org}. Date: 15 September {year}.",
    ]


def policy_paragraphs(org: str) -> list[str]:
    """A modern slavery policy: it names the Act but is not a statement."""
    return [
        f"Anti-Slavery and Human Trafficking Policy of {org}. This policy applies to all persons working for us or "
        "on our behalf in any capacity, including employees at all levels, directors, agency workers and contractors.",
        "Employees must not engage in, facilitate or fail to report any form of modern slavery. Breaches of this "
        "policy may lead to disciplinary action. Managers are responsible for ensuring their teams understand it.",
        "Questions about this policy should be raised with the compliance team. This policy does not form part of any "
        "employee's contract of employment and we may amend it at any time.",
    ]


def code_of_conduct_paragraphs(org: str) -> list[str]:
    """A supplier code of conduct: not a statement."""
    return [
        f"Supplier Code of Conduct. {org} expects every supplier to treat workers with dignity and respect.",
        "Suppliers must pay at least the legal minimum wage, respect working hours, provide safe workplaces, and "
        "must not use child labour or forced labour. Suppliers must allow audits on reasonable notice.",
        "Suppliers must comply with all laws on bribery, competition, data protection and the environment.",
    ]


def filler_paragraphs(org: str, topic: str) -> list[str]:
    """Ordinary corporate copy about a topic."""
    return [
        f"{org} has served customers for over twenty years. This page describes our {topic}.",
        f"We are proud of our {topic} and we keep improving it with our customers, staff and partners.",
        "Contact us for more information about our products, our people and our approach to doing business.",
    ]


def render_page(parts: PageParts) -> bytes:
    """Serialise a simulated page to bytes in its charset."""
    nav = "".join(_nav_item(item) for item in parts.nav)
    footer = "".join(f'<li><a href="{html.escape(href)}">{html.escape(label)}</a></li>' for label, href in parts.footer)
    document = (
        f'<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="{parts.charset}">'
        f"<title>{html.escape(parts.title)}</title>{parts.extra_head}</head><body>"
        f'<header class="site-header"><a href="/" class="logo"><img src="/logo.png" alt="Home"></a>'
        f'<nav class="main-nav" aria-label="Main"><ul class="menu">{nav}</ul></nav></header>'
        f"<main>{parts.body}</main>"
        f'<footer class="site-footer"><ul class="footer-links">{footer}</ul><p>&copy; {parts.title}</p></footer>'
        "</body></html>"
    )
    return document.encode(parts.charset, errors="xmlcharrefreplace")


def _nav_item(item: NavItem) -> str:
    """One menu entry with its drop-down."""
    link = f'<a href="{html.escape(item.href)}">{html.escape(item.label)}</a>'
    if not item.children:
        return f"<li>{link}</li>"
    children = "".join(f'<li><a href="{html.escape(h)}">{html.escape(lbl)}</a></li>' for lbl, h in item.children)
    return f'<li class="has-children">{link}<ul class="dropdown">{children}</ul></li>'


def paragraphs_html(paragraphs: list[str]) -> str:
    """Paragraphs as HTML."""
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
