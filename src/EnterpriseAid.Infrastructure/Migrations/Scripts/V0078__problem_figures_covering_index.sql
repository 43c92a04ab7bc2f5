-- The problem list's figure panel (and every figure count over a region) reads six columns of each problem in the
-- region. From ix_problems_region_path_created_at it had to visit the table for every row, scattered over the heap
-- (problems are stored in the order they were registered, not by region): a district of 12,000 problems read
-- 10,600 pages. This index carries the counted columns, so the count is an index-only scan of ~140 pages
-- (129 ms → 12 ms at province scale; docs/performance.md, ADR-025).
CREATE INDEX ix_problems_region_path_figures ON problems (region_path varchar_pattern_ops)
    INCLUDE (status, deadline, dispatched_at, resolved_by_deadline, resolved_on_spot, satisfaction);
