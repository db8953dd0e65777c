"""Whatever cites background knowledge (`reference_background`, the reference's [BK] facts) says it is unverified.

Computed over the shipped knowledge base, so a new record that cites [BK] without the flag fails here.
Where the schema has an `unverified` flag (Rule, Interaction, Evidence) the flag must be set. An article
claim has no flag, so its verdict must say "unverified" in words. A drug class has no flag either: every
rule or interaction that names a [BK] class directly must then be unverified itself.
"""

from __future__ import annotations

from collections.abc import Iterator

from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.models import Interaction, Rule

BK = "reference_background"


def _rules(kb: KnowledgeBase) -> Iterator[tuple[str, Rule]]:
    for record in kb.interventions.values():
        families = {
            "contraindications": record.contraindications,
            "cautions": record.cautions,
            "not_for": record.not_for,
            "use_only_when": record.use_only_when,
        }
        for family, rules in families.items():
            for i, rule in enumerate(rules):
                yield f"interventions/{record.id}: {family}.{i}", rule
    for cause in kb.causes.values():
        yield f"causes/{cause.id}", cause.rule
    for flag in kb.red_flags.values():
        yield f"red_flags/{flag.id}", flag.rule


def _interactions(kb: KnowledgeBase) -> Iterator[tuple[str, Interaction]]:
    for record in kb.interventions.values():
        for i, inter in enumerate(record.interactions):
            yield f"interventions/{record.id}: interactions.{i}", inter


def test_rules_citing_background_knowledge_are_unverified(kb: KnowledgeBase) -> None:
    bad = [where for where, rule in _rules(kb) if BK in rule.sources and not rule.unverified]
    assert not bad, "cite reference_background but lack `unverified: true`: " + ", ".join(bad)


def test_interactions_citing_background_knowledge_are_unverified(kb: KnowledgeBase) -> None:
    bad = [where for where, inter in _interactions(kb) if BK in inter.sources and not inter.unverified]
    assert not bad, "cite reference_background but lack `unverified: true`: " + ", ".join(bad)


def test_evidence_citing_background_knowledge_is_unverified(kb: KnowledgeBase) -> None:
    bad = [
        rid
        for rid, record in kb.interventions.items()
        if BK in record.evidence.sources and not record.evidence.unverified
    ]
    assert not bad, "evidence cites reference_background but lacks `unverified: true`: " + ", ".join(bad)


def test_article_claims_citing_background_knowledge_say_unverified(kb: KnowledgeBase) -> None:
    bad = [
        f"{rid}: article_claims.{i}"
        for rid, record in kb.interventions.items()
        for i, claim in enumerate(record.article_claims)
        if BK in claim.sources and "unverified" not in claim.verdict.casefold()
    ]
    assert not bad, "claims cite reference_background but the verdict does not say 'unverified': " + ", ".join(bad)


def _names_class(rule_or_inter: Rule | Interaction, cid: str) -> bool:
    if isinstance(rule_or_inter, Interaction):
        return cid in rule_or_inter.with_classes
    return any(t.drug_class == cid for t in (*rule_or_inter.when, *rule_or_inter.when_all))


def test_rules_on_background_knowledge_drug_classes_are_unverified(kb: KnowledgeBase) -> None:
    bk_classes = [cid for cid, cls in kb.drug_classes.items() if BK in cls.sources]
    bad = [
        f"{where} (class {cid})"
        for cid in bk_classes
        for where, item in [*_rules(kb), *_interactions(kb)]
        if _names_class(item, cid) and not item.unverified
    ]
    assert not bad, "use a drug class whose membership is [BK] but lack `unverified: true`: " + ", ".join(bad)


def test_drug_classes_citing_background_knowledge_are_unverified(kb: KnowledgeBase) -> None:
    bad = [cid for cid, cls in kb.drug_classes.items() if BK in cls.sources and not cls.unverified]
    assert not bad, "drug classes cite reference_background but lack `unverified: true`: " + ", ".join(bad)


def test_the_check_sees_the_known_background_knowledge_cases(kb: KnowledgeBase) -> None:
    # Guards the test itself: if these stopped citing [BK] the checks above could pass vacuously.
    assert any(BK in rule.sources for _, rule in _rules(kb))
    assert any(BK in cls.sources for cls in kb.drug_classes.values())
