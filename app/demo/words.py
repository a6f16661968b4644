"""Word lists for synthetic British organisations: name stems, trades by SIC code, places and streets."""

from __future__ import annotations

from dataclasses import dataclass

# Stems are made by joining a first part and a second part ("Ash" + "brook"), or taken from surnames.
STEM_FIRSTS: tuple[str, ...] = (
    "Ash", "Alder", "Barn", "Beacon", "Birch", "Black", "Bramble", "Bright", "Broad", "Brook", "Cal", "Castle",
    "Cedar", "Chester", "Clay", "Cold", "Copper", "Cross", "Dale", "Deer", "East", "Elm", "Fair", "Fern", "Fox",
    "Glen", "Gold", "Green", "Grey", "Hart", "Hawk", "Hazel", "High", "Holly", "Iron", "Ivy", "Kel", "King",
    "Lang", "Lark", "Lime", "Long", "Marl", "Mead", "Mill", "Moss", "North", "Oak", "Orchard", "Pen", "Pine",
    "Quarry", "Raven", "Red", "River", "Rose", "Rush", "Salt", "Silver", "South", "Stan", "Stone", "Summer",
    "Swan", "Thorn", "Tide", "Wake", "West", "Wheat", "White", "Willow", "Wind", "Wolf", "Wren", "Yew",
)  # fmt: skip
STEM_SECONDS: tuple[str, ...] = (
    "bank", "bourne", "bridge", "brook", "bury", "by", "combe", "cote", "croft", "dale", "den", "field", "ford",
    "gate", "hall", "ham", "haven", "hill", "holme", "hurst", "ington", "land", "leigh", "ley", "marsh", "mere",
    "moor", "mouth", "ness", "port", "ridge", "shaw", "stead", "stow", "thorpe", "ton", "vale", "well", "wick",
    "wood", "worth",
)  # fmt: skip
SURNAMES: tuple[str, ...] = (
    "Abbott", "Ainsworth", "Armitage", "Ashworth", "Barker", "Beaumont", "Bennett", "Blackwood", "Bradshaw",
    "Brennan", "Cartwright", "Chadwick", "Crawford", "Dalton", "Davies", "Drummond", "Ellison", "Fairbairn",
    "Fletcher", "Forsyth", "Gallagher", "Gordon", "Griffiths", "Hadley", "Hamilton", "Harcourt", "Hargreaves",
    "Holloway", "Hughes", "Jenkins", "Kerr", "Kirkpatrick", "Lambert", "Lloyd", "MacLeod", "Marsden", "McAllister",
    "Morgan", "Murray", "Napier", "Newman", "O'Neill", "Pemberton", "Prescott", "Quinn", "Radcliffe", "Rees",
    "Sinclair", "Stafford", "Sutherland", "Thornton", "Vaughan", "Wainwright", "Whitaker", "Wilkinson", "Wyatt",
)  # fmt: skip
QUALIFIERS: tuple[str, ...] = ("UK", "Europe", "Scotland", "International", "Northern", "Southern", "Midlands")


@dataclass(frozen=True)
class Trade:
    """A line of business: its SIC codes, the words its names use, and how common it is."""

    sic_codes: tuple[str, ...]
    words: tuple[str, ...]
    weight: int


TRADES: tuple[Trade, ...] = (
    Trade(("10890", "10710", "10850"), ("Foods", "Bakeries", "Provisions", "Fine Foods"), 6),
    Trade(("11070", "11050"), ("Brewery", "Drinks", "Beverages", "Distillers"), 2),
    Trade(("01410", "01110", "03220"), ("Farms", "Agriculture", "Growers", "Fisheries"), 2),
    Trade(("14190", "14131", "15120"), ("Apparel", "Clothing", "Textiles", "Fashion"), 4),
    Trade(("47710", "47721"), ("Fashion Retail", "Outfitters", "Footwear"), 3),
    Trade(("47110", "47190"), ("Stores", "Retail", "Supermarkets", "Convenience"), 5),
    Trade(("41201", "42990", "43390"), ("Construction", "Builders", "Developments", "Civil Engineering"), 7),
    Trade(("23610", "23320"), ("Building Products", "Concrete", "Bricks"), 2),
    Trade(("28990", "28250", "29100"), ("Engineering", "Machinery", "Automotive", "Precision Engineering"), 5),
    Trade(("26110", "27510"), ("Electronics", "Appliances", "Technologies"), 3),
    Trade(("30300", "25400"), ("Aerospace", "Defence Systems", "Avionics"), 1),
    Trade(("20140", "20420", "24100"), ("Chemicals", "Metals", "Cosmetics", "Steel"), 3),
    Trade(("06100", "09100"), ("Energy", "Oil and Gas", "Resources"), 1),
    Trade(("35110", "36000"), ("Power", "Water", "Renewables", "Utilities"), 2),
    Trade(("38110", "38320"), ("Waste Management", "Recycling", "Environmental Services"), 2),
    Trade(("49410", "52103", "52290"), ("Logistics", "Haulage", "Freight", "Distribution", "Transport"), 6),
    Trade(("55100", "56101"), ("Hotels", "Hospitality", "Leisure", "Restaurants"), 4),
    Trade(("62012", "62020", "63110"), ("Software", "Digital", "Technology", "Data Systems", "IT Services"), 6),
    Trade(("61100", "61900"), ("Telecom", "Networks", "Communications"), 2),
    Trade(("58110", "59111"), ("Media", "Publishing", "Studios"), 2),
    Trade(("64191", "64999", "65120"), ("Capital", "Finance", "Insurance", "Investments", "Asset Management"), 5),
    Trade(("68100", "68209"), ("Property", "Estates", "Real Estate", "Homes"), 4),
    Trade(("69201", "70229", "71129"), ("Consulting", "Advisory", "Associates", "Partners"), 4),
    Trade(("78200", "78109"), ("Recruitment", "Staffing", "Personnel"), 3),
    Trade(("81210", "80100"), ("Cleaning Services", "Security", "Facilities Management"), 4),
    Trade(("86101", "87100", "21200"), ("Healthcare", "Care Homes", "Pharmaceuticals", "Medical"), 4),
    Trade(("85310", "72190"), ("Education", "Learning", "Research"), 2),
    Trade(("17211", "16100"), ("Packaging", "Paper", "Timber"), 2),
    Trade(("46900", "46190"), ("Trading", "Wholesale", "Supplies", "Distributors"), 4),
)

# Town, postcode area, nation; Scottish and Northern Irish towns go with SC and NI company numbers.
TOWNS: tuple[tuple[str, str, str], ...] = (
    ("London", "EC", "England"), ("London", "W", "England"), ("London", "SE", "England"),
    ("Manchester", "M", "England"), ("Leeds", "LS", "England"), ("Birmingham", "B", "England"),
    ("Bristol", "BS", "England"), ("Sheffield", "S", "England"), ("Nottingham", "NG", "England"),
    ("Leicester", "LE", "England"), ("Reading", "RG", "England"), ("Milton Keynes", "MK", "England"),
    ("Southampton", "SO", "England"), ("Norwich", "NR", "England"), ("Cambridge", "CB", "England"),
    ("Oxford", "OX", "England"), ("Liverpool", "L", "England"), ("Coventry", "CV", "England"),
    ("Newcastle upon Tyne", "NE", "England"), ("Exeter", "EX", "England"), ("Preston", "PR", "England"),
    ("Hull", "HU", "England"), ("York", "YO", "England"), ("Bradford", "BD", "England"),
    ("Cardiff", "CF", "Wales"), ("Swansea", "SA", "Wales"), ("Wrexham", "LL", "Wales"),
)  # fmt: skip
SCOTTISH_TOWNS: tuple[tuple[str, str, str], ...] = (
    ("Glasgow", "G", "Scotland"), ("Edinburgh", "EH", "Scotland"), ("Aberdeen", "AB", "Scotland"),
    ("Dundee", "DD", "Scotland"), ("Inverness", "IV", "Scotland"),
)  # fmt: skip
NI_TOWNS: tuple[tuple[str, str, str], ...] = (
    ("Belfast", "BT", "Northern Ireland"),
    ("Newry", "BT", "Northern Ireland"),
)
STREETS: tuple[str, ...] = (
    "Mill", "Station", "Church", "King", "Queen", "Victoria", "Park", "High", "Bridge", "Market", "Castle",
    "Albert", "Canal", "Harbour", "Chapel", "Trinity", "Wellington", "Charlotte", "George", "Riverside",
)  # fmt: skip
STREET_KINDS: tuple[str, ...] = ("Street", "Road", "Lane", "Way", "Avenue", "Place", "Square", "Quay")
BUSINESS_PARKS: tuple[str, ...] = ("Business Park", "Industrial Estate", "Trade Park", "Enterprise Centre")
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

FOREIGN_PARENTS: tuple[tuple[str, str, str], ...] = (
    ("United States", "USD", "Inc."),
    ("United States", "USD", "Corporation"),
    ("Germany", "EUR", "GmbH"),
    ("France", "EUR", "SA"),
    ("Netherlands", "EUR", "B.V."),
    ("Ireland", "EUR", "DAC"),
)
PUBLIC_BODIES: tuple[tuple[str, str], ...] = (
    ("{town} City Council", "84110"),
    ("{stem} Borough Council", "84110"),
    ("{stem} District Council", "84110"),
    ("{town} Teaching Hospitals NHS Foundation Trust", "86101"),
    ("{stem} Community Health NHS Trust", "86101"),
    ("{stem} Fire and Rescue Authority", "84250"),
    ("{stem} Combined Authority", "84110"),
)
CHARITY_NAMES: tuple[str, ...] = ("{stem} Foundation", "{stem} Trust", "{stem} Housing Association", "{stem} Care")
CHARITY_SICS: tuple[str, ...] = ("88990", "94990", "87300", "68201")
FOREIGN_TOWNS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "AU": (("Sydney NSW", "2000", "Australia"), ("Melbourne VIC", "3000", "Australia"),
           ("Brisbane QLD", "4000", "Australia"), ("Perth WA", "6000", "Australia")),
    "CA": (("Toronto ON", "M5H", "Canada"), ("Vancouver BC", "V6B", "Canada"),
           ("Montreal QC", "H3B", "Canada"), ("Calgary AB", "T2P", "Canada")),
}  # fmt: skip
FOREIGN_SUFFIXES: dict[str, tuple[str, ...]] = {"AU": ("Pty Ltd", "Limited"), "CA": ("Inc.", "Ltd.", "Corp.")}
