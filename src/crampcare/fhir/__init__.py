"""FHIR R4 for crampcare: a clinical record in, a profile out (and the plan with what was not used).

Core, like assessment/: no interface imports. `profile_from_bundle` reads a Bundle (or a CDS Hooks
prefetch made into one with `bundle_from_prefetch`); `assess_bundle` adds the plan, whose warnings list
every part of the record that was not used and why.
"""

from __future__ import annotations

from crampcare.fhir.assess import FhirPlan, assess_bundle
from crampcare.fhir.inbound import profile_from_bundle
from crampcare.fhir.parse import bundle_from_prefetch
from crampcare.fhir.result import FhirImport, Unmapped, Used

__all__ = ["FhirImport", "FhirPlan", "Unmapped", "Used", "assess_bundle", "bundle_from_prefetch", "profile_from_bundle"]
