"""The sentence model file: it loads, explains its evidence, and refuses a lexicon it was not trained with."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.scoring import model as model_module
from app.scoring.engine import assess
from app.scoring.model import load_model, read_model_data, save_model
from app.scoring.sentences import split_sentences


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
    shutil.copy(source / "aims-au-v1.json.gz", tmp_path / "aims-au-v1.json.gz")
    lexicon = (source / "aims-au-v1.lexicon.yaml").read_text(encoding="utf-8")
    (tmp_path / "aims-au-v1.lexicon.yaml").write_text(lexicon + "\n# edited\n", encoding="utf-8")
    monkeypatch.setattr(model_module, "MODEL_DIR", tmp_path)
    load_model.cache_clear()
    try:
        with pytest.raises(ValueError, match="lexicon file changed since the model was trained"):
            load_model("aims-au-v1")
        raw = read_model_data("aims-au-v1")
        raw["feature_version"] = "0"
        save_model("aims-au-v1", raw)
        with pytest.raises(ValueError, match="retrain the model"):
            load_model("aims-au-v1")
    finally:
        load_model.cache_clear()


def test_margins_are_the_sum_of_the_weights_that_explain_them() -> None:
    model = load_model("aims-au-v1")
    text = (
        "Remediation\n\nWhere we find modern slavery we will work with the supplier on a corrective action plan "
        "and, if needed, end the relationship.\n\nWe measure the effectiveness of our actions every year.\n"
    )
    sentences = split_sentences(text)
    features = model.features(text, sentences)
    margins = model.margins(features)
    for row, sentence_features in zip(margins, features, strict=True):
        for index in range(len(model.labels)):
            total = model.biases[index] + sum(model.weight(feature, index) for feature in sentence_features)
            assert row[index] == pytest.approx(total, abs=1e-6)


def test_word_vectors_give_weight_to_words_the_labelled_sentences_lacked() -> None:
    raw = read_model_data("aims-au-v1")
    learned = {feature for per_label in raw["weights"].values() for feature in per_label}
    unseen = [word for word in raw["vectors"]["words"] if word not in learned]
    assert unseen, "every vector word also has a learned weight of its own"
    model = load_model("aims-au-v1")
    column = model.labels.index("c4_remediation")
    assert sum(abs(model.weight(word, column)) > 0.01 for word in unseen) > len(unseen) // 10
    assert model.weight("p:" + unseen[0], column) == pytest.approx(model.weight("n:" + unseen[0], column))


def test_model_refuses_vectors_of_the_wrong_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = model_module.MODEL_DIR
    raw = read_model_data("aims-au-v1")
    raw["vectors"]["dim"] = int(raw["vectors"]["dim"]) + 1
    shutil.copy(source / "aims-au-v1.lexicon.yaml", tmp_path / "aims-au-v1.lexicon.yaml")
    monkeypatch.setattr(model_module, "MODEL_DIR", tmp_path)
    save_model("aims-au-v1", raw)
    load_model.cache_clear()
    try:
        with pytest.raises(ValueError, match="vector values"):
            load_model("aims-au-v1")
    finally:
        load_model.cache_clear()
