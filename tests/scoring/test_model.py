"""The sentence model file: it loads, explains its evidence, and refuses a lexicon it was not trained with."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.scoring import model as model_module
from app.scoring.engine import assess
from app.scoring.model import load_model


def test_shipped_model_loads_with_every_au_label() -> None:
    model = load_model("aims-au-v1")
    assert {"approval", "signature", "c3_risk", "c6_consultation"} <= set(model.labels)
    assert model.lexicon


def test_au_verdicts_name_their_strongest_features() -> None:
    text = (
        "Modern Slavery Statement 2023\n\nThis statement is made by Acme Pty Ltd ABN 12 345 678 901, "
        "a reporting entity "
        "under the Modern Slavery Act 2018 (Cth).\n\nRisks\nWe identified a high risk of modern slavery in our "
        "cleaning and security services supply chain.\n\nThis statement was approved by the Board of Acme Pty Ltd on "
        "1 March 2024.\n\nJane Citizen\nDirector\n"
    )
    assessment = assess(text, "au-msa-2018")
    risk = next(rule for rule in assessment.rules if rule.id == "c3_risk")
    assert risk.verdict == "pass"
    assert "strongest features" in risk.explanation
    assert any("high risk" in evidence.text for evidence in risk.evidence)
    approval = next(rule for rule in assessment.rules if rule.id == "approval")
    assert approval.verdict == "pass"


def test_model_refuses_a_changed_lexicon(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = model_module.MODEL_DIR
    shutil.copy(source / "aims-au-v1.json", tmp_path / "aims-au-v1.json")
    lexicon = (source / "aims-au-v1.lexicon.yaml").read_text(encoding="utf-8")
    (tmp_path / "aims-au-v1.lexicon.yaml").write_text(lexicon + "\n# edited\n", encoding="utf-8")
    monkeypatch.setattr(model_module, "MODEL_DIR", tmp_path)
    load_model.cache_clear()
    try:
        with pytest.raises(ValueError, match="lexicon file changed since the model was trained"):
            load_model("aims-au-v1")
        raw = json.loads((tmp_path / "aims-au-v1.json").read_text(encoding="utf-8"))
        raw["feature_version"] = "0"
        (tmp_path / "aims-au-v1.json").write_text(json.dumps(raw), encoding="utf-8")
        with pytest.raises(ValueError, match="retrain the model"):
            load_model("aims-au-v1")
    finally:
        load_model.cache_clear()
