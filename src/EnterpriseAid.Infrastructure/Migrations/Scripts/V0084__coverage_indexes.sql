-- 包联 coverage at province scale (docs/performance.md).
--
-- 1. Each enterprise's "has it an active leader / liaison today?" (CoverageQueries, the register's 包联 columns). With
-- only enterprise_id in the index every probe read the assignment rows themselves to test the role and the period;
-- with role and period in the key the probe is index-only. The new index starts with enterprise_id, so it also serves
-- the foreign key and the old single-column index goes.
CREATE INDEX ix_assignments_enterprise_id_role_starts_on_ends_on ON assignments (enterprise_id, role, starts_on, ends_on);
DROP INDEX ix_assignments_enterprise_id;

-- 2. The visits an official took part in (coverage by official) include the inspections that join another inspection
-- of the same day (counted = false): their rows are the only ones the two partial indexes on counted rows (V0014) do
-- not hold. This small index finds them by day, so both halves of a quarter are index ranges instead of a scan of
-- every row of visit_enterprises.
CREATE INDEX ix_visit_enterprises_uncounted_visited_on ON visit_enterprises (visited_on) WHERE NOT counted;
