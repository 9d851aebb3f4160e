"""Assessment: gap rules turn the evidence map into findings, and scoring turns findings
into readiness against the audit type's pass marks."""
