"""Ruleset files: the shipped ones load; malformed ones fail loudly, naming the file, the rule and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.scoring.rulesets import RulesetError, get_ruleset, load_ruleset, load_rulesets

GOOD_RULE = """
  - id: training
    check: cue_sentences
    weight: 1
    basis: guidance
    citation: "MSA 2015 s54(5)(f)"
    description: "Training"
    params:
      cues:
        - {id: training, pattern: '\\btraining\\b'}
"""


def write(
    tmp_path: Path, body: str, header: str = 'id: test-set\nversion: "1"\njurisdiction: UK\ntitle: Test\nrules:'
) -> Path:
    """A ruleset file with the given rules."""
    path = tmp_path / "test-set.yaml"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_shipped_rulesets_load_with_the_rule_ids_the_issue_names() -> None:
    rulesets = load_rulesets()
    assert set(rulesets) == {"uk-msa-s54", "au-msa-2018", "ca-s211"}
    uk_ids = [rule.id for rule in rulesets["uk-msa-s54"].rules]
    for rule_id in (
        "structure",
        "policies",
        "due_diligence",
        "risk",
        "effectiveness",
        "training",
        "approval",
        "signature",
        "approval_date",
        "homepage_link",
    ):
        assert rule_id in uk_ids
    assert [rule.id for rule in rulesets["au-msa-2018"].rules] == [
        "approval",
        "signature",
        "c1_reporting_entity",
        "c2_structure",
        "c2_operations",
        "c2_supply_chains",
        "c3_risk",
        "c4_mitigation",
        "c4_remediation",
        "c5_effectiveness",
        "c6_consultation",
    ]
    for ruleset in rulesets.values():
        assert all(
            rule.citation and rule.basis in ("law", "guidance", "registry", "proposed") for rule in ruleset.rules
        )
        assert all(rule.basis == "law" for rule in ruleset.rules if rule.minimum_requirement)


def test_a_good_file_loads(tmp_path: Path) -> None:
    ruleset = load_ruleset(write(tmp_path, GOOD_RULE))
    assert ruleset.rule("training").validated_params.cues[0].id == "training"


def test_unknown_check_names_file_and_rule(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_RULE.replace("check: cue_sentences", "check: magic_eight_ball"))
    with pytest.raises(RulesetError, match=r"test-set\.yaml: rule 'training': unknown check 'magic_eight_ball'"):
        load_ruleset(path)


def test_missing_field_names_the_rule_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_RULE.replace('    citation: "MSA 2015 s54(5)(f)"\n', ""))
    with pytest.raises(RulesetError, match=r"test-set\.yaml: rule 'training': citation: Field required"):
        load_ruleset(path)


def test_bad_basis_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_RULE.replace("basis: guidance", "basis: rumour"))
    with pytest.raises(
        RulesetError, match=r"rule 'training': basis: Input should be 'law', 'guidance', 'registry' or 'proposed'"
    ):
        load_ruleset(path)


def test_unknown_parameter_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_RULE.replace("    params:\n", "    params:\n      threshhold: 2\n"))
    with pytest.raises(
        RulesetError, match=r"rule 'training': params for check 'cue_sentences' are invalid: threshhold"
    ):
        load_ruleset(path)


def test_bad_regular_expression_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_RULE.replace("'\\btraining\\b'", "'(unclosed'"))
    with pytest.raises(RulesetError, match=r"rule 'training'.*invalid regular expression"):
        load_ruleset(path)


def test_duplicate_rule_ids_are_refused(tmp_path: Path) -> None:
    with pytest.raises(RulesetError, match=r"rule id 'training' appears twice"):
        load_ruleset(write(tmp_path, GOOD_RULE + GOOD_RULE))


def test_minimum_requirement_needs_a_law_basis(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_RULE.replace("    weight: 1\n", "    weight: 1\n    minimum_requirement: true\n"))
    with pytest.raises(RulesetError, match=r"rule 'training'.*minimum requirement.*basis 'law'"):
        load_ruleset(path)


def test_not_a_mapping_and_bad_yaml(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(RulesetError, match="must be a mapping"):
        load_ruleset(path)
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(RulesetError, match="cannot read ruleset"):
        load_ruleset(path)


def test_unknown_ruleset_id_lists_the_available_ones() -> None:
    with pytest.raises(RulesetError, match=r"unknown ruleset 'xx'.*uk-msa-s54"):
        get_ruleset("xx")
