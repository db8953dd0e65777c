"""Conditions, medicines and allergies of a FHIR record, as crampcare names them.

Codes first (data/fhir/codes.yaml); then the words (the concept's text and each coding's display) through
the same name lookup as a typed profile. A clinical drug name in RxNorm's form ("furosemide 40 MG Oral
Tablet", "hydrochlorothiazide 25 MG / lisinopril 20 MG Oral Tablet") is read as its ingredients.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from crampcare.fhir.codes import codes, icd10_condition, snomed_condition
from crampcare.fhir.values import codings, words
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.lookup import find_condition, normalise, resolve_drug

_STARTS_WITH_NUMBER = re.compile(r"^\d")


def condition_ids(kb: KnowledgeBase, concept: Any) -> tuple[list[str], str]:
    """crampcare condition ids for a Condition.code, and what they were read from ("" when nothing)."""
    systems = codes().systems
    found: list[str] = []
    source = ""
    for coding in codings(concept):
        code = str(coding.get("code") or "")
        cid = None
        if coding.get("system") == systems.snomed:
            cid = snomed_condition(code)
        elif coding.get("system") in systems.icd10:
            cid = icd10_condition(code)
        if cid is not None and cid in kb.conditions:
            found.append(cid)
            source = source or f"{coding.get('system')}|{code}"
    if found:
        # The condition's name, not its id: the plan's reasons quote the profile's words ("Because you have …").
        return [kb.conditions[cid].name for cid in dict.fromkeys(found)], source
    for word in words(concept):
        if find_condition(kb, word) is not None:
            return [word], repr(word)
    return [], ""


@cache
def _cramp_words() -> frozenset[str]:
    return frozenset(normalise(w) for w in codes().cramp_problems.words)


def is_cramp_problem(concept: Any) -> bool:
    problems = codes().cramp_problems
    icd = codes().systems.icd10
    if any(c.get("system") in icd and str(c.get("code")) in problems.icd10 for c in codings(concept)):
        return True
    cramp_words = _cramp_words()
    return any(normalise(word) in cramp_words for word in words(concept))


# ATC code -> medicine name, one map per knowledge base object (kept with it, so a recycled id() is never trusted).
_ATC: dict[int, tuple[KnowledgeBase, dict[str, str]]] = {}


def _atc_names(kb: KnowledgeBase) -> dict[str, str]:
    """The knowledge base's verified ATC codes, then data/fhir/codes.yaml's (which win), built once per kb."""
    entry = _ATC.get(id(kb))
    if entry is None or entry[0] is not kb:
        verified = {
            r.atc.code: r.inn or r.name for r in kb.interventions.values() if r.atc is not None and r.atc.verified
        }
        entry = (kb, {**verified, **codes().atc})
        _ATC[id(kb)] = entry
    return entry[1]


def _ingredients(text: str) -> list[str]:
    """RxNorm's clinical-drug form: each " / " part up to its first number ("furosemide 40 MG …" → furosemide)."""
    parts = []
    for part in text.split(" / "):
        tokens = part.split()
        cut = next((i for i, tok in enumerate(tokens) if _STARTS_WITH_NUMBER.match(tok)), len(tokens))
        if 0 < cut < len(tokens):
            parts.append(" ".join(tokens[:cut]))
    return parts


def drug_names(kb: KnowledgeBase, concept: Any) -> tuple[list[str], str]:
    """The medicine names crampcare knows for a medication concept, and what they were read from."""
    systems = codes().systems
    atc = _atc_names(kb)
    found: list[str] = []
    source = ""
    for coding in codings(concept):
        code = str(coding.get("code") or "")
        name = None
        if coding.get("system") == systems.rxnorm:
            name = codes().rxnorm.get(code)
        elif coding.get("system") == systems.atc:
            name = atc.get(code)
        if name is not None and resolve_drug(kb, name) is not None:
            found.append(name)
            source = source or f"{coding.get('system')}|{code}"
    if found:
        return list(dict.fromkeys(found)), source
    for word in words(concept):
        if resolve_drug(kb, word) is not None:
            return [word], repr(word)
        parts = _ingredients(word)
        if parts and all(resolve_drug(kb, part) is not None for part in parts):
            return parts, repr(word)
    return [], ""
