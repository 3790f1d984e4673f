"""Planning and light MES on top of the traceability core: routings, the work-order lifecycle, the planning
board, material availability, the dashboard and the batch record. Uses the core; the core never uses it."""
