-- Indexes for the dashboard's aggregates (ADR-013), written for a province: 500k enterprises,
-- 2M visits, 1M problems.

-- Problem figures of a town or district for a period: PostgreSQL finds the scope's enterprises
-- by town (ix_enterprises_town_id), then each enterprise's problems registered in the period
-- with one range scan here instead of reading every problem of the period province-wide
-- (ix_problems_created_at still serves the city-wide figures). It also serves everything
-- ix_problems_enterprise_id served (an enterprise's problems, the ledger), which it replaces.
CREATE INDEX ix_problems_enterprise_id_created_at ON problems (enterprise_id, created_at);
DROP INDEX ix_problems_enterprise_id;

-- The weekly trend's "resolved" line: problems resolved (已办结 or 已销号) in the period, by
-- resolution time; only finished problems carry a resolution time worth indexing.
CREATE INDEX ix_problems_resolved_at ON problems (resolved_at) WHERE status IN ('Resolved', 'Closed');
