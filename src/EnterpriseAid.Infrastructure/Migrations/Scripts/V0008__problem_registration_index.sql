-- The problem list, its export and every figure by period filter on the registration time
-- (registered between two Beijing dates), so the range is served by an index.
CREATE INDEX ix_problems_created_at ON problems (created_at);
