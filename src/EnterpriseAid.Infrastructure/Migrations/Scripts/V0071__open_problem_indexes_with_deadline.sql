-- 逾期 and the flag counts of a period read the open problems of the period (V0015); with the deadline in the key
-- they are counted from the index alone (ADR-024, docs/performance.md). The open problems are a few percent of all,
-- spread over the whole table: through the heap a province's year read one page per open problem.
CREATE INDEX ix_problems_open_created_at_deadline ON problems (created_at, deadline)
    WHERE status IN ('Reported', 'Assigned', 'InProgress');
CREATE INDEX ix_problems_open_region_path_created_at_deadline ON problems (region_path varchar_pattern_ops, created_at, deadline)
    WHERE status IN ('Reported', 'Assigned', 'InProgress');
DROP INDEX ix_problems_open_created_at;
DROP INDEX ix_problems_open_region_path_created_at;
