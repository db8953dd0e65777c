"""Names of the knowledge base's fixed values (evidence grades, factor kinds, lab statuses) as a person reads them.

The web, the CLI and the reports show the same words, translated from the catalogue in the active language
(`make messages` extracts the N_ marks); the ids themselves stay as the knowledge base spells them.
"""

from __future__ import annotations

from crampcare.i18n import N_, Labels

GRADE_LABELS = Labels(
    {
        "effective": N_("Effective"),
        "possibly_effective": N_("Possibly effective"),
        "consensus": N_("Expert consensus"),
        "insufficient": N_("Insufficient evidence"),
        "ineffective": N_("Shown ineffective"),
        "not_recommended": N_("Advised against"),
    }
)
FACTOR_KIND_LABELS = Labels(
    {
        "medication": N_("medicine"),
        "condition": N_("condition"),
        "lab": N_("lab result"),
        "pregnancy": N_("pregnancy"),
        "lifestyle": N_("lifestyle"),
        "age": N_("age"),
        "other": N_("other"),
    }
)
LAB_STATUS_LABELS = Labels({"low": N_("low"), "normal": N_("normal"), "high": N_("high")})
