"""HR readiness reports: SQL aggregates (queries), shaping with the readiness engine (service), charts, exports
and the admin views built on them."""
