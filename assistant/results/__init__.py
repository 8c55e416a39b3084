"""The patient's own results: FHIR import, reference ranges, units, flags and trends."""
