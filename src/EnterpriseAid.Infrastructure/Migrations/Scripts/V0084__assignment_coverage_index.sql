-- 包联 coverage asks of each enterprise "has it an active leader / liaison today?" (CoverageQueries, the register's
-- 包联 columns). With only enterprise_id in the index every probe read the assignment rows themselves to test the role
-- and the period; with role and period in the key the probe is index-only. The new index starts with enterprise_id,
-- so it also serves the foreign key and the old single-column index goes.
CREATE INDEX ix_assignments_enterprise_id_role_starts_on_ends_on ON assignments (enterprise_id, role, starts_on, ends_on);
DROP INDEX ix_assignments_enterprise_id;
