"""Facts a statement states: period end, approval body and date, signatory, entities covered, jurisdiction."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from app.scoring.dates import DATE_ANY, parse_date
from app.scoring.patterns import fast_finditer, lowered, matches_at, scan

FLAGS = re.IGNORECASE
PERIOD_END = [
    re.compile(
        rf"\b(?:financial|fiscal|reporting|accounting)\s+(?:year|period)\s+(?:which\s+)?(?:ended|ending|end(?:ed)?\s+on|to|ended\s+on|ending\s+on|of)\s*:?\s*(?P<date>{DATE_ANY})",
        FLAGS,
    ),
    re.compile(
        rf"\b(?:year|period|twelve\s+months|12\s+months)\s+(?:ended|ending|to)\s+(?:on\s+)?(?P<date>{DATE_ANY})", FLAGS
    ),
    re.compile(rf"\b(?:period|year)\s+(?:from\s+)?{DATE_ANY}\s*(?:to|until|-|–|—)\s*(?P<date>{DATE_ANY})", FLAGS),
    re.compile(
        rf"\b(?:FY|financial\s+year)\s*(?:\d{{2,4}}(?:/\d{{2,4}})?)?\s*\(?(?:ended|ending|to)\s+(?P<date>{DATE_ANY})",
        FLAGS,
    ),
]
APPROVAL = re.compile(
    r"\b(?:approved|adopted|endorsed|ratified|signed\s+off)\b(?P<rest>[^.\n]{0,40}?\bby\b\s+(?P<body>[^.;\n]{3,120}))",
    FLAGS,
)
BODY_END = re.compile(
    rf"\s+(?:on|at|in|dated|as\s+of|who|which|that|and\s+(?:is\s+)?signed|and\s+will|for\s+the|,\s*(?=\d))\b.*$"
    rf"|\s*(?:{DATE_ANY}).*$|[,(].*$",
    FLAGS,
)
APPROVAL_DATE_NEAR = re.compile(
    rf"(?:\bon\b|\bdated\b|\bdate\b\s*:?|\bat\s+its\s+meeting\s+(?:held\s+)?on\b|,)\s*(?:the\s+)?(?P<date>{DATE_ANY})",
    FLAGS,
)
DATE_LINE = re.compile(rf"^\s*(?:date(?:d)?\s*:?\s*)?(?P<date>{DATE_ANY})\s*$", FLAGS | re.MULTILINE)
NAME = (
    r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Professor|Prof)\.?\s+)?"
    r"[A-Z][A-Za-z'’.\-]+(?:[ \t]+(?:[A-Z]\.|[A-Z][A-Za-z'’\-]+|de|van|von|der|la|le)){1,3}"
)
ROLE_WORDS = (
    r"(?:Group\s+|Joint\s+|Deputy\s+|Non-Executive\s+|Executive\s+|Independent\s+|Senior\s+|Global\s+|Interim\s+)*"
    r"(?:Chief\s+Executive(?:\s+Officer)?|CEO|Managing\s+Director|Managing\s+Partner|Finance\s+Director|Director|"
    r"Chair(?:man|woman|person)?|President|Designated\s+Member|General\s+Partner|Senior\s+Partner|Partner|Member|"
    r"Company\s+Secretary|Secretary|Trustee|Chief\s+\w+\s+Officer|C[FOT]O|Head\s+of\s+[A-Z][\w ]{2,30}|"
    r"Accounting\s+Officer|Vice[\s-]+President|Owner|Proprietor|Principal|Vice[\s-]+Chancellor|General\s+Manager)"
    r"(?:\s+(?:and|&)\s+(?:Group\s+)?(?:Director|Chief\s+Executive(?:\s+Officer)?|CEO|Chair(?:man)?|President|Member|"
    r"Designated\s+Member|Company\s+Secretary|Partner|Trustee))?"
)
SIGNED_BY = re.compile(
    rf"\b(?:[Ss]igned|[Ss]ignature|SIGNED)\b\s*(?:by|for\s+and\s+on\s+behalf\s+of[^:\n]*)?\s*:?\s*(?:\n\s*)*(?P<name>{NAME})\s*(?:[,|–—-]\s*|\n\s*|\s+)(?P<role>{ROLE_WORDS})\b",
    re.MULTILINE,
)
NAME_ROLE = re.compile(rf"^\s*(?P<name>{NAME})\s*(?:[,|–—-]\s*|\n\s*)(?P<role>{ROLE_WORDS})\b", re.MULTILINE)
UK_COMPANY_NUMBER = re.compile(
    r"\b(?:company|registration|registered|partnership|charity|llp)\s+(?:registration\s+)?(?:number|no\.?|n[ºo°])\s*[:.]?\s*(?P<number>(?:[A-Z]{2})?\d{6,8})\b"
    r"|\bregistered\s+in\s+(?:england|scotland|wales|northern\s+ireland)[^.\n]{0,40}?(?:number|no\.?)\s*[:.]?\s*(?P<number2>(?:[A-Z]{2})?\d{6,8})\b"
    r"|\((?:company\s+)?(?:no\.?|number)\s*(?P<number3>(?:[A-Z]{2})?\d{6,8})\)",
    FLAGS,
)
# ORGANISATION's name words are separated by spaces and tabs only, so a match lies on the line of a suffix keyword
# after it begins, or of a "Holdings"/"Pty" that a suffix follows on a later line: it is tried only there.
ORGANISATION_KEYWORD = re.compile(r"Limited|Ltd|PLC|plc|LP|Pty|Inc|Corporation|GmbH|S\.A\.|B\.V\.|Holdings")
NAME_START = re.compile(r"[A-Z&](?:(?<=&)|(?<!\w.))")  # a capital beginning a word, or an ampersand
AU_NUMBER = re.compile(r"\b(?P<kind>ABN|ACN|ARBN)\s*:?\s*(?P<number>\d{2,3}(?:\s?\d{3}){2,3})\b")
ORGANISATION = re.compile(
    r"\b(?P<name>(?:(?:[A-Z][\w&'’.\-]*|&)[ \t]+){1,6}?(?:Holdings\s+)?"
    r"(?:Limited|Ltd\.?|PLC|plc|LLP|Pty\.?\s+Ltd\.?|Pty\.?\s+Limited|Inc\.?|LP|Corporation|GmbH|S\.A\.|B\.V\.))(?![\w])"
)
JURISDICTION_CUES: dict[str, list[str]] = {
    "CA": [r"Fighting\s+Against\s+Forced\s+Labour\s+and\s+Child\s+Labour|\bS-211\b|\bBill\s+S-211\b"],
    "AU": [r"Modern\s+Slavery\s+Act\s+2018|\(Cth\)|\bABN\b|\bACN\b|Australian\s+Border\s+Force|reporting\s+entit"],
    "UK": [
        r"Modern\s+Slavery\s+Act\s+2015|section\s+54|\bs\.?\s?54\b|Companies\s+House|United\s+Kingdom|\bUK\b|England|Scotland|Wales"
    ],
}


@dataclass
class Signatory:
    """The person who signed and their role as written."""

    name: str
    role: str


@dataclass
class Facts:
    """What the statement states about itself; None or empty where it does not say."""

    period_end: date | None = None
    approval_date: date | None = None
    approved_by: str | None = None
    signatory: Signatory | None = None
    company_numbers: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    jurisdiction: str = "UK"

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the facts (ISO dates)."""
        data = asdict(self)
        data["period_end"] = self.period_end.isoformat() if self.period_end else None
        data["approval_date"] = self.approval_date.isoformat() if self.approval_date else None
        return data


def find_period_end(text: str) -> date | None:
    """The financial year or reporting period end the statement names first."""
    low = lowered(text)
    for pattern in PERIOD_END:
        match = next(iter(scan(pattern, text, low, 1)), None)
        if match:
            found = parse_date(match["date"], month_end=True)
            if found:
                return found
    return None


def find_approval(text: str) -> tuple[str | None, date | None]:
    """The body that approved the statement and the approval date, from the first approval sentence."""
    for match in scan(APPROVAL, text, lowered(text)):
        body = BODY_END.sub("", match["body"]).strip(" :-–")
        if not body or len(body.split()) > 14 or body.lower().startswith(("the act", "law", "us ", "you")):
            continue
        window = text[match.start() : match.end() + 120]
        near = APPROVAL_DATE_NEAR.search(window)
        approval_date = parse_date(near["date"]) if near else None
        if approval_date is None:
            approval_date = _signature_date(text)
        return body, approval_date
    return None, _signature_date(text)


def _signature_date(text: str) -> date | None:
    """A date standing alone on a line (or 'Date: ...') in the closing part, as under a signature."""
    tail = text[-2000:]
    matches = list(DATE_LINE.finditer(tail))
    return parse_date(matches[-1]["date"]) if matches else None


def find_signatory(text: str) -> Signatory | None:
    """The signatory's name and role: after 'Signed', or a name line followed by a role, nearest the end."""
    low = lowered(text)
    for pattern in (SIGNED_BY, NAME_ROLE):
        matches = scan(pattern, text, low)
        if matches:
            best = matches[-1]
            return Signatory(
                name=re.sub(r"\s+", " ", best["name"]).strip(), role=re.sub(r"\s+", " ", best["role"]).strip()
            )
    return None


def find_company_numbers(text: str) -> list[str]:
    """UK company/LLP/charity numbers and Australian ABN/ACN numbers, in order of appearance, deduplicated."""
    found: list[str] = []
    low = lowered(text)
    for match in scan(UK_COMPANY_NUMBER, text, low):
        number = (match["number"] or match["number2"] or match["number3"]).upper()
        if number.isdigit() and len(number) < 8:
            number = number.zfill(8)
        found.append(number)
    found += [m["kind"] + " " + "".join(m["number"].split()) for m in scan(AU_NUMBER, text, low)]
    return list(dict.fromkeys(found))


def _organisation_starts(text: str) -> list[int]:
    """Where an ORGANISATION match can begin: a capitalised word or '&' before a suffix keyword on its line."""
    starts: list[int] = []
    scanned = 0
    for keyword in ORGANISATION_KEYWORD.finditer(text):
        begin = max(text.rfind("\n", 0, keyword.start()) + 1, scanned)
        starts.extend(match.start() for match in NAME_START.finditer(text, begin, keyword.start()))
        scanned = max(scanned, keyword.start())
    return starts


def organisation_matches(text: str) -> list[re.Match[str]]:
    """ORGANISATION.finditer(text), tried only at capitalised words on lines with a suffix keyword."""
    return matches_at(ORGANISATION.match, text, _organisation_starts(text), None)


def find_organisations(text: str, limit: int = 50) -> list[str]:
    """Names of legal entities the statement mentions (Limited, plc, LLP, Pty Ltd, Inc ...)."""
    names = [re.sub(r"\s+", " ", m["name"]).strip() for m in organisation_matches(text)]
    skip = ("the ", "this ", "our ", "a ", "about ", "for ", "at ", "by ", "in ", "of ", "and ", "with ", "from ")
    names = [name for name in names if not name.lower().startswith(skip)]
    return list(dict.fromkeys(names))[:limit]


def _capped(pattern: str, low: str, cap: int) -> int:
    """Matches of a pattern in lower-cased text, counted up to `cap` (tried only where a literal start occurs)."""
    return len(fast_finditer(pattern, low, low, cap))


def find_jurisdiction(text: str) -> str:
    """UK, AU or CA: the law the statement says it is made under, by the strongest cue."""
    low = lowered(text) or text.lower()
    counts = {code: sum(_capped(p, low, 5) for p in patterns) for code, patterns in JURISDICTION_CUES.items()}
    if counts["CA"]:
        return "CA"
    if counts["AU"] and counts["AU"] >= min(counts["UK"], 3):
        return "AU"
    return "UK"


def extract_facts(text: str) -> Facts:
    """Every fact the statement states about itself."""
    approved_by, approval_date = find_approval(text)
    return Facts(
        period_end=find_period_end(text),
        approval_date=approval_date,
        approved_by=approved_by,
        signatory=find_signatory(text),
        company_numbers=find_company_numbers(text),
        organisations=find_organisations(text),
        jurisdiction=find_jurisdiction(text),
    )
