-- The visits an official took part in (包联 coverage, by official) include the inspections that join another inspection
-- of the same day (counted = false): their rows are the only ones the two partial indexes on counted rows (V0014) do not
-- hold. This small index finds them by day, so both halves of the quarter are index ranges instead of a scan of every
-- row of visit_enterprises.
CREATE INDEX ix_visit_enterprises_uncounted_visited_on ON visit_enterprises (visited_on) WHERE NOT counted;
