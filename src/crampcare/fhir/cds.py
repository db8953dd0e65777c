"""CDS Hooks 2.0 cards from a patient's record: patient-view, order-select and order-sign.

Pure decision logic (no network, no web framework): the API layer gathers the prefetch (or fetches it) and
calls `patient_view` or `order_review`. Every card cites the knowledge base's sources and carries the
reasons the engine gave; feedback is counted per card `kind`.
"""

from __future__ import annotations

import uuid
from typing import Any

from crampcare import i18n
from crampcare.assessment.config import speaking, texts
from crampcare.assessment.engine import assess, red_flag_reasons
from crampcare.assessment.flag_groups import nested
from crampcare.assessment.plan import CarePlan, Option
from crampcare.assessment.triggers import in_sentence
from crampcare.fhir.cds_config import CardWords, Service, card_words, cds_config
from crampcare.fhir.cds_models import Action, Card, Coding, Indicator, Source, Suggestion
from crampcare.fhir.clinician import for_clinician
from crampcare.fhir.records import drug_names, is_cramp_problem
from crampcare.fhir.result import FhirImport
from crampcare.fhir.values import ref
from crampcare.knowledge.describe import inn_name
from crampcare.knowledge.language import for_reader, language
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.lookup import resolve_drug

SUMMARY_MAX = 139
STRICTER = ("discuss_with_doctor", "not_recommended")  # the specification: under 140 characters
CRITICAL_LEVELS = ("emergency", "urgent")  # red flags that need care now or today; see_doctor ones are warnings


def discovery() -> dict[str, Any]:
    """The services, titled and described in the request's language (their queries are the same in both)."""
    config = cds_config()
    return {
        "services": [
            {
                "hook": service.hook,
                "title": service.title,
                "description": service.description,
                "id": service.id,
                "prefetch": {key: " ".join(value.split()) for key, value in config.prefetch.items()},
            }
            for service in config.services_in(i18n.current())
        ]
    }


def service(service_id: str) -> Service | None:
    return next((s for s in cds_config().services if s.id == service_id), None)


# --- building cards ---------------------------------------------------------------------------------------

Issued = list[tuple[Card, str]]  # each card with its kind (for feedback counts)


def _words() -> CardWords:
    """The card words in the request's language."""
    return card_words(i18n.current())


def _said(kb: KnowledgeBase, name: str) -> str:
    """A medicine the record or order names, as the card's language names it (калия хлорид); English as given."""
    return inn_name(kb, name)


def _summary(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_MAX else text[: SUMMARY_MAX - 1].rstrip() + "…"


def _source(kb: KnowledgeBase, source_ids: list[str]) -> Source:
    """The first cited source that has a web address, titled in the reader's language where the knowledge base has
    that title; crampcare itself when none has."""
    reader = for_reader(kb)
    for sid in source_ids:
        record = reader.sources.get(sid)
        if record is not None and record.url:
            return Source(label=record.title[:200], url=record.url)
    return Source(label=_words().source_label)


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _card(kb: KnowledgeBase, summary: str, indicator: Indicator, detail: str, sources: list[str], **extra: Any) -> Card:
    """A card, its words about the patient rather than to them (the plan's sentences address the person)."""
    lang = i18n.current()
    summary = for_clinician(summary, lang)
    if "а" <= summary[:1] <= "я" or summary[:1] == "ё":
        # a Russian heading opens with a capital (калия хлорид: … → Калия хлорид: …); crampcare, the record's own
        # Latin words and every English summary stay as they are
        summary = summary[:1].upper() + summary[1:]
    return Card(
        uuid=str(uuid.uuid4()),
        summary=_summary(summary),
        detail=for_clinician(detail, lang) or None,
        indicator=indicator,
        source=_source(kb, sources),
        **extra,
    )


def _red_flag_cards(found: FhirImport, plan: CarePlan, kb: KnowledgeBase) -> Issued:
    """One card per red flag: critical when it needs care today or now, a warning when a doctor in the next days
    will do (as the flag's own action says); the detail gives that flag's action and its own reason. Flags on one
    lab result that nest (sodium below 135, 130 and 125) are one card: the narrowest flag's title, level and
    action, with the reason of every flag it includes, so the same result is not shown three times."""
    reasons = red_flag_reasons(found.profile, kb) if plan.red_flags else {}
    hits = {hit.id: hit for hit in plan.red_flags}
    cards: Issued = []
    # nested: the narrowest first, whose title and action speak for the result (as on the person's own plan)
    for ids in nested(list(hits), kb):
        flags = [reasons[i][0] for i in ids]
        hit = hits[ids[0]]
        indicator: Indicator = "critical" if any(f.level in CRITICAL_LEVELS for f in flags) else "warning"
        detail = f"**{hit.action}**\n\n" + _bullets([reasons[f.id][1] for f in flags])
        sources = list(dict.fromkeys(source for f in flags for source in f.rule.sources))
        cards.append((_card(kb, hit.title, indicator, detail, sources), "red_flag"))
    return cards


def _medicine_cards(found: FhirImport, plan: CarePlan, kb: KnowledgeBase) -> Issued:
    words = _words().cards
    reader = for_reader(kb)
    cards: Issued = []
    for factor in plan.contributing_factors:
        if factor.kind != "medication":
            continue
        cause = reader.causes.get(factor.id)
        detail = _bullets(factor.because) + (f"\n\n{cause.summary}" if cause else "")
        card = _card(
            kb, words["cramp_cause"].format(drug=factor.title), "warning", detail, cause.rule.sources if cause else []
        )
        cards.append((card, "cramp_cause"))
    options = {option.id: option for option in plan.options}
    for name in found.profile.medications:
        drug = resolve_drug(kb, name)
        option = options.get(drug.intervention_id or "") if drug else None
        # A medicine already taken whose option is avoid or not recommended for this patient (the plan's own notes
        # name both: quinine for night cramps in CKD, with the MHRA's review advice, is a card too).
        if option is not None and option.status in ("avoid", "not_recommended"):
            kind = f"taken_{option.status}"
            summary = words[kind].format(drug=_said(kb, name))
            card = _card(kb, summary, "warning", _bullets(option.reasons), option.evidence.sources)
            cards.append((card, kind))
    return cards


# (lab, cause title, the cause's sources) for each lab trigger of each cause, in the knowledge base's order; one
# list per knowledge base object (kept with it, so a recycled id() is never trusted).
_LAB_TESTS: dict[int, tuple[KnowledgeBase, list[tuple[str, str, list[str]]]]] = {}


def _lab_tests(kb: KnowledgeBase) -> list[tuple[str, str, list[str]]]:
    entry = _LAB_TESTS.get(id(kb))
    if entry is None or entry[0] is not kb:
        tests: list[tuple[str, str, list[str]]] = [
            (str(trigger.lab.name), cause.title, cause.rule.sources)
            for cause in kb.causes.values()
            for trigger in cause.rule.when
            if trigger.lab is not None
        ]
        entry = (kb, tests)
        _LAB_TESTS[id(kb)] = entry
    return entry[1]


def _lab_names(lang: str) -> dict[str, str]:
    """Lab → the name the plan's reasons give it in `lang` (калий, СКФ); English keeps the lab's id, as it did."""
    if lang == "en":
        return {}
    with speaking(language(lang)):
        return texts().lab_words


def _lab_card(found: FhirImport, plan: CarePlan, kb: KnowledgeBase) -> Issued:
    """The labs the knowledge base's causes of cramps test for, that the record gives no recent result for."""
    lang = i18n.current()
    words = _words().cards
    names = _lab_names(lang)
    have = {name for name, value in found.profile.labs.model_dump().items() if value is not None}
    missing: dict[str, list[str]] = {}
    sources: list[str] = []
    for lab, title, cited in _lab_tests(for_reader(kb)):
        if lab not in have:
            # a cause's title inside a Russian line is lower case («низкий калий»); English keeps its capitals
            missing.setdefault(lab, []).append(title if lang == "en" else in_sentence(title))
            sources.extend(cited)
    if not missing:
        return []
    lines = [
        words["labs_line"].format(lab=names.get(name, name), causes=", ".join(dict.fromkeys(titles)))
        for name, titles in sorted(missing.items())
    ]
    summary = words["labs"].format(labs=", ".join(names.get(name, name) for name in sorted(missing)))
    detail = words["labs_intro"] + "\n\n" + _bullets(lines)
    return [(_card(kb, summary, "info", detail, ["cks_leg_cramps", *sources]), "labs")]


def _unmapped_card(found: FhirImport, kb: KnowledgeBase) -> Issued:
    if not found.unmapped:
        return []
    summary = _words().cards["unmapped"].format(count=len(found.unmapped))
    return [(_card(kb, summary, "info", _bullets(found.warnings()), []), "unmapped")]


def patient_view(found: FhirImport, kb: KnowledgeBase) -> Issued:
    """The cards for a chart opened, the last one the triage and its reasons.

    No card links to crampcare's plan page: that page is made from its own form post (and in server mode needs a
    crampcare sign-in a clinician in the EHR does not have), so a link could only open an empty form. A working
    link would need the record kept on the server behind the link, a decision about who may open it.
    """
    plan = assess(found.profile, kb)
    cards = [*_red_flag_cards(found, plan, kb), *_medicine_cards(found, plan, kb), *_lab_card(found, plan, kb)]
    cards += _unmapped_card(found, kb)
    words = _words()
    level = words.levels.get(plan.triage.level, plan.triage.level.replace("_", " "))
    summary = words.cards["summary"].format(level=level, count=len(plan.contributing_factors))
    detail = f"{plan.triage.action}\n\n" + _bullets(plan.triage.reasons) + "\n\n" + words.cards["symptoms_not_read"]
    cards.append((_card(kb, summary, "info", detail, []), "summary"))
    return cards


# --- orders -----------------------------------------------------------------------------------------------


def _override_reasons() -> list[Coding]:
    return [Coding(code=r.code, display=r.display) for r in cds_config().override_reasons_in(i18n.current())]


def _delete(resource: dict[str, Any], drug: str) -> dict[str, Any]:
    words = _words().cards
    suggestion = Suggestion(
        label=words["remove"].format(drug=drug),
        uuid=str(uuid.uuid4()),
        isRecommended=True,
        actions=[Action(type="delete", description=words["remove_draft"].format(drug=drug), resourceId=ref(resource))],
    )
    return {"suggestions": [suggestion], "selectionBehavior": "at-most-one", "overrideReasons": _override_reasons()}


def _order_for_cramps(resource: dict[str, Any], found: FhirImport) -> bool:
    reasons = resource.get("reasonCode") or []
    return bool(found.cramp_problems) or any(is_cramp_problem(reason) for reason in reasons)


def _caution_card(
    name: str, option: Option, baseline: dict[str, Option], resource: dict[str, Any], kb: KnowledgeBase
) -> Issued:
    """An order that needs a check because of this patient's record: reasons that the same order for someone of
    the same age and sex with nothing else recorded would not get (an NSAID completing a triple whammy…)."""
    plain = baseline.get(option.id)
    if option.status not in STRICTER or plain is None:
        return []
    reasons = [reason for reason in option.reasons if reason not in plain.reasons]
    if not reasons:
        return []
    said = _said(kb, name)
    words = _words()
    status = words.statuses.get(option.status, option.status.replace("_", " "))
    summary = words.cards["order_caution"].format(drug=said, status=status)
    # not_recommended and discuss_with_doctor both say: check before giving it to this patient
    card = _card(kb, summary, "warning", _bullets(reasons), option.evidence.sources, **_delete(resource, said))
    return [(card, "order_caution")]


def _one_order(resource: dict[str, Any], found: FhirImport, before: CarePlan, kb: KnowledgeBase) -> Issued:
    words = _words().cards
    reader = for_reader(kb)
    concept = resource.get("medicationCodeableConcept")
    names, _ = drug_names(kb, concept)
    if not names:
        return []
    medications = [*found.profile.medications, *names]
    after = assess(found.profile.model_copy(update={"medications": medications}), kb)
    # The same order for someone of the same age and sex with nothing else recorded: what is left is this patient's.
    plain = assess({"age_years": found.profile.age_years, "sex": found.profile.sex, "medications": names}, kb)
    baseline = {option.id: option for option in plain.options}
    options = {option.id: option for option in after.options}
    cards: Issued = []
    for name in names:
        said = _said(kb, name)
        drug = resolve_drug(kb, name)
        option = options.get(drug.intervention_id or "") if drug else None
        if option is not None and option.status == "avoid":
            card = _card(
                kb,
                words["order_avoid"].format(drug=said),
                "warning",
                _bullets(option.reasons),
                option.evidence.sources,
                **_delete(resource, said),
            )
            cards.append((card, "order_avoid"))
        elif option is not None:
            cards.extend(_caution_card(name, option, baseline, resource, kb))
        if drug is not None and "quinine_preparations" in drug.classes and _order_for_cramps(resource, found):
            quinine = reader.interventions.get("quinine")
            detail = quinine.details if quinine and quinine.details else ""
            card = _card(
                kb, words["quinine"], "warning", detail, cds_config().quinine.sources, **_delete(resource, said)
            )
            cards.append((card, "order_quinine"))
        if found.cramp_problems:
            known = {f.id for f in before.contributing_factors}
            # the plan's reasons name the medicine in its language (фуросемид for furosemide)
            spoken = {name.casefold(), said.casefold()}
            for factor in after.contributing_factors:
                mentions = any(n in reason.casefold() for n in spoken for reason in factor.because)
                if factor.kind == "medication" and factor.id not in known and mentions:
                    cause = reader.causes.get(factor.id)
                    card = _card(
                        kb,
                        words["order_cramp_cause"].format(drug=said),
                        "info",
                        _bullets(factor.because),
                        cause.rule.sources if cause else [],
                    )
                    cards.append((card, "order_cramp_cause"))
    return cards


def draft_orders(context: dict[str, Any], selections: list[str] | None) -> list[dict[str, Any]]:
    """The draft MedicationRequests of `context.draftOrders` (only the selected ones for order-select); an order
    that names its medicine by medicationReference gets the referenced Medication's code as its concept."""
    orders = context.get("draftOrders")
    entries = [e for e in (orders.get("entry") if isinstance(orders, dict) else None) or [] if isinstance(e, dict)]
    medications = {
        name: resource
        for entry in entries
        if isinstance(resource := entry.get("resource"), dict) and resource.get("resourceType") == "Medication"
        for name in (f"Medication/{resource.get('id')}", str(entry.get("fullUrl") or ""))
        if name
    }
    found = []
    for entry in entries:
        resource = entry.get("resource")
        if not isinstance(resource, dict) or resource.get("resourceType") != "MedicationRequest":
            continue
        if selections is not None and ref(resource) not in selections:
            continue
        found.append(_with_concept(resource, medications))
    return found


def _with_concept(order: dict[str, Any], medications: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The order with the code of the Medication its medicationReference names (contained or in draftOrders)."""
    target = order.get("medicationReference")
    if "medicationCodeableConcept" in order or not isinstance(target, dict):
        return order
    reference = str(target.get("reference") or "")
    contained = {f"#{c.get('id')}": c for c in order.get("contained") or [] if isinstance(c, dict)}
    medication = contained.get(reference) or medications.get(reference)
    if medication is None or medication.get("resourceType") != "Medication":
        return order
    return {**order, "medicationCodeableConcept": medication.get("code")}


def order_review(found: FhirImport, orders: list[dict[str, Any]], kb: KnowledgeBase) -> Issued:
    before = assess(found.profile, kb)
    cards: Issued = []
    for resource in orders:
        cards.extend(_one_order(resource, found, before, kb))
    return cards
