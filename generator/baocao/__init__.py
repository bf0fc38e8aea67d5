"""The reporting cycle on a plan: assignments, return forms, agency reports, consolidation."""
