"""Golden-output check for the rules engine: write every assessment of the 981 UK texts, or compare with one.

Used before and after a speed change to show that verdicts, explanations and evidence offsets are unchanged.

Run: /work/venv/bin/python bench/scoring_golden.py write /tmp/golden.jsonl [RULESET]
     /work/venv/bin/python bench/scoring_golden.py compare /tmp/golden.jsonl [RULESET]
RULESET defaults to uk-msa-s54; au-msa-2018 runs the same texts through the AU sentence model.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import uk_statements

from app.scoring.engine import assess


def outputs(ruleset: str) -> list[str]:
    """One JSON line per statement: the full assessment as stored (verdicts, reasons, evidence offsets)."""
    return [json.dumps({"id": key, **assess(text, ruleset).to_dict()}, sort_keys=True) for key, text in uk_statements()]


def main() -> None:
    """Write or compare; on compare print each differing statement and rule."""
    mode, path = sys.argv[1], Path(sys.argv[2])
    lines = outputs(sys.argv[3] if len(sys.argv) > 3 else "uk-msa-s54")
    if mode == "write":
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {len(lines)} assessments to {path}")
        return
    golden = path.read_text(encoding="utf-8").splitlines()
    differing = 0
    for old_line, new_line in zip(golden, lines, strict=True):
        if old_line == new_line:
            continue
        differing += 1
        old, new = json.loads(old_line), json.loads(new_line)
        for key in sorted(set(old) | set(new)):
            if key != "rules" and old.get(key) != new.get(key):
                print(f"{old['id']}: {key} differs")
        for old_rule, new_rule in zip(old["rules"], new["rules"], strict=True):
            if old_rule != new_rule:
                print(f"{old['id']}: rule {old_rule['id']} differs: {old_rule['verdict']} -> {new_rule['verdict']}")
    print(f"{differing} of {len(lines)} assessments differ")
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
