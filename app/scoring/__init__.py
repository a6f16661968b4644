"""The rules engine: statement detection, facts, rulesets as data over registered checks."""
