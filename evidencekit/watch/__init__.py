"""Watch mode: keep the catalog, the evidence map, readiness and a report current while
people save files; a watchdog observer feeds a stability tracker, settled changes are
scanned in batches."""
