"""Country names and codes as suppliers write them, reduced to ISO 3166 alpha-2 codes."""

from __future__ import annotations

from app.screening.normalise import fold

_COUNTRIES: dict[str, tuple[str, ...]] = {
    "CN": ("china", "chn", "prc", "pr china", "peoples republic of china", "people s republic of china", "mainland"),
    "HK": ("hong kong", "hkg", "hong kong sar", "hong kong china"),
    "MO": ("macau", "macao", "mac"),
    "TW": ("taiwan", "twn", "republic of china", "chinese taipei"),
    "MY": ("malaysia", "mys"),
    "SG": ("singapore", "sgp"),
    "TH": ("thailand", "tha"),
    "VN": ("vietnam", "viet nam", "vnm"),
    "ID": ("indonesia", "idn"),
    "PH": ("philippines", "phl"),
    "IN": ("india", "ind"),
    "BD": ("bangladesh", "bgd"),
    "PK": ("pakistan", "pak"),
    "LK": ("sri lanka", "lka"),
    "KH": ("cambodia", "khm"),
    "MM": ("myanmar", "burma", "mmr"),
    "TM": ("turkmenistan", "tkm"),
    "UZ": ("uzbekistan", "uzb"),
    "TR": ("turkey", "turkiye", "tur"),
    "GB": (
        "united kingdom",
        "uk",
        "gbr",
        "great britain",
        "britain",
        "england",
        "scotland",
        "wales",
        "northern ireland",
    ),
    "IE": ("ireland", "irl", "republic of ireland"),
    "US": ("united states", "usa", "united states of america", "america", "us of a"),
    "CA": ("canada", "can"),
    "MX": ("mexico", "mex"),
    "BR": ("brazil", "brasil", "bra"),
    "DO": ("dominican republic", "dom"),
    "AU": ("australia", "aus"),
    "NZ": ("new zealand", "nzl"),
    "JP": ("japan", "jpn"),
    "KR": ("south korea", "korea", "republic of korea", "kor"),
    "KP": ("north korea", "dprk", "prk"),
    "DE": ("germany", "deu", "deutschland"),
    "FR": ("france", "fra"),
    "IT": ("italy", "ita"),
    "ES": ("spain", "esp"),
    "PT": ("portugal", "prt"),
    "NL": ("netherlands", "nld", "holland", "the netherlands"),
    "BE": ("belgium", "bel"),
    "CH": ("switzerland", "che"),
    "SE": ("sweden", "swe"),
    "PL": ("poland", "pol"),
    "AE": ("united arab emirates", "uae", "are"),
    "ZW": ("zimbabwe", "zwe"),
    "CD": ("democratic republic of the congo", "drc", "cod", "congo kinshasa"),
    "CI": ("cote d ivoire", "ivory coast", "civ"),
    "GH": ("ghana", "gha"),
    "NG": ("nigeria", "nga"),
    "KE": ("kenya", "ken"),
    "ZA": ("south africa", "zaf"),
    "EG": ("egypt", "egy"),
    "NP": ("nepal", "npl"),
    "FJ": ("fiji", "fji"),
    "TV": ("tuvalu",),
    "VU": ("vanuatu",),
    "KI": ("kiribati",),
    "PE": ("peru", "per"),
    "CL": ("chile", "chl"),
    "AR": ("argentina", "arg"),
    "CO": ("colombia", "col"),
    "GT": ("guatemala", "gtm"),
}
_LOOKUP: dict[str, str] = {}
for _code, _names in _COUNTRIES.items():
    _LOOKUP[_code.lower()] = _code
    for _name in _names:
        _LOOKUP[_name] = _code
# Places that count as one jurisdiction for matching an order's entity (a Hong Kong arm of a Chinese group).
_GROUPS = ({"CN", "HK", "MO"},)


def country_code(text: str | None) -> str | None:
    """The ISO alpha-2 code for a country name or code, or None when blank or unknown."""
    if not text or not text.strip():
        return None
    words = " ".join("".join(ch if ch.isalnum() else " " for ch in fold(text)).split())
    return _LOOKUP.get(words)


def compatible(first: str | None, second: str | None) -> bool:
    """False only when both countries are known and different (and not in one group)."""
    if first is None or second is None or first == second:
        return True
    return any(first in group and second in group for group in _GROUPS)
