"""Words too common in company names to single one out: business descriptions, places and countries."""

from __future__ import annotations

from app.screening.wordlists import word_set

BUSINESS_WORDS = word_set("business_words")
COUNTRY_WORDS = word_set("country_words")
PLACE_WORDS = word_set("place_words") | COUNTRY_WORDS
COMMON_WORDS = BUSINESS_WORDS | PLACE_WORDS
