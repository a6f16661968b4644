"""Fast matching equals the regex engine: every scoring pattern on every one of the 981 UK texts.

For each cue of the detector, of every ruleset and of the sentence model's lexicon, and each jurisdiction cue,
fast_finditer() (tried only where the pattern can start) must give the same spans as Python's own
case-insensitive finditer, uncapped and capped at 1 and 3 matches; each compiled fact pattern run through scan()
must give the same spans and groups as its own finditer, and so must organisation names. Used with
bench/scoring_golden.py after a speed change.

Run: /work/venv/bin/python bench/scoring_patterns_check.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import uk_statements

from app.scoring import facts
from app.scoring.detector import load_detector
from app.scoring.model import MODEL_DIR, load_model
from app.scoring.patterns import fast_finditer, lowered, scan
from app.scoring.rulesets import load_rulesets

CUE_LISTS = ("cues", "steps_cues", "no_steps_cues", "implied", "heading_cues", "insufficient", "ambiguous")
CUE_MAPS = ("bodies", "roles")
SINGLE_PATTERNS = ("future_pattern", "approval_pattern", "signed_pattern")


def cue_patterns() -> list[str]:
    """Every distinct cue pattern the engine runs over whole texts or sentences."""
    patterns = [cue.source for cue in load_detector().cues]
    for ruleset in load_rulesets().values():
        for rule in ruleset.rules:
            params = rule.validated_params
            for name in CUE_LISTS:
                patterns += [cue.pattern for cue in getattr(params, name, None) or []]
            for name in CUE_MAPS:
                for cues in (getattr(params, name, None) or {}).values():
                    patterns += [cue.pattern for cue in cues]
            patterns += [getattr(params, name) for name in SINGLE_PATTERNS if getattr(params, name, None)]
    for cues in facts.JURISDICTION_CUES.values():
        patterns += cues
    for path in sorted(MODEL_DIR.glob("*.json.gz")):
        patterns += [cue.source for cue in load_model(path.name.removesuffix(".json.gz")).lexicon]
    return list(dict.fromkeys(patterns))


def fact_patterns() -> list[re.Pattern[str]]:
    """The compiled fact patterns that facts.py runs through scan()."""
    singles = [facts.APPROVAL, facts.SIGNED_BY, facts.NAME_ROLE, facts.UK_COMPANY_NUMBER, facts.AU_NUMBER]
    return [*facts.PERIOD_END, *singles]


def main() -> None:
    """Compare every pattern on every text; print the first differences and exit 1 if there are any."""
    patterns, compiled = cue_patterns(), fact_patterns()
    checked = differing = 0
    for key, text in uk_statements():
        low = lowered(text)
        for pattern in patterns:
            expected = [m.span() for m in re.finditer(pattern, text, re.IGNORECASE | re.MULTILINE)]
            for limit in (None, 1, 3):
                found = [m.span() for m in fast_finditer(pattern, text, low, limit)]
                checked += 1
                if found != expected[:limit]:
                    differing += 1
                    if differing <= 5:
                        print(f"#{key}: {pattern[:70]!r} (limit {limit}): {found[:3]} != {expected[:3]}")
        for fact in compiled:
            expected_facts = [(m.span(), m.groupdict()) for m in fact.finditer(text)]
            checked += 1
            if [(m.span(), m.groupdict()) for m in scan(fact, text, low)] != expected_facts:
                differing += 1
                print(f"#{key}: fact pattern {fact.pattern[:70]!r} differs")
        checked += 1
        organisations = [m.span() for m in facts.ORGANISATION.finditer(text)]
        if [m.span() for m in facts.organisation_matches(text)] != organisations:
            differing += 1
            print(f"#{key}: organisation names differ")
    print(
        f"{len(patterns)} cue patterns, {len(compiled)} fact patterns and organisation names: "
        f"{differing} of {checked} checks differ"
    )
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
