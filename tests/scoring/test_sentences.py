"""Sentence splitting keeps offsets, joins PDF line breaks, splits bullets and carries headings."""

from __future__ import annotations

from app.scoring.sentences import looks_like_heading, split_sentences

TEXT = """OUR SUPPLY CHAIN
We buy steel from suppliers in
the UK and China. We audited 12 of them (e.g. Acme Ltd. and Brill plc) this year.
• Training for all buyers
• Supplier questionnaire covering
  recruitment fees
Due diligence
In 2023 we introduced a supplier questionnaire.
"""


def test_offsets_point_back_into_the_text() -> None:
    for sentence in split_sentences(TEXT):
        assert " ".join(TEXT[sentence.start : sentence.end].split()) == sentence.text


def test_pdf_line_breaks_are_joined_and_abbreviations_do_not_split() -> None:
    texts = [s.text for s in split_sentences(TEXT)]
    assert "We buy steel from suppliers in the UK and China." in texts
    assert "We audited 12 of them (e.g. Acme Ltd. and Brill plc) this year." in texts


def test_bullets_are_sentences_of_their_own() -> None:
    texts = [s.text for s in split_sentences(TEXT)]
    assert "• Training for all buyers" in texts
    assert "• Supplier questionnaire covering recruitment fees" in texts


def test_headings_carry_to_their_sentences() -> None:
    sentences = split_sentences(TEXT)
    by_text = {s.text: s for s in sentences}
    assert by_text["OUR SUPPLY CHAIN"].is_heading
    assert by_text["We buy steel from suppliers in the UK and China."].heading == "OUR SUPPLY CHAIN"
    assert by_text["In 2023 we introduced a supplier questionnaire."].heading == "Due diligence"


def test_capitalised_run_glued_to_a_sentence_becomes_its_heading() -> None:
    (sentence,) = split_sentences("OUR STRUCTURE AND OPERATIONS Acme Pty Ltd is an Australian company.")
    assert sentence.heading == "OUR STRUCTURE AND OPERATIONS"


def test_heading_heuristics() -> None:
    assert looks_like_heading("RISK ASSESSMENT")
    assert looks_like_heading("4. Due Diligence")
    assert looks_like_heading("Our Policies:")
    assert not looks_like_heading("We assessed our suppliers by country risk.")


def test_empty_text_has_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences("\n\n  \n") == []
