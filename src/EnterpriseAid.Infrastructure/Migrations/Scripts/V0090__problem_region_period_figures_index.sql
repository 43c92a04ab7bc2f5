-- The figures of a region over a period from the index alone (docs/performance.md, issue 8).
--
-- V0078's covering index starts with the region path only, so a city's or a district's figures over a period (the
-- dashboard's live breakdowns, e.g. a city's quarter by town: 53 ms on a quiet machine) started instead from the
-- registration-time index over the whole province and tested the region of each of 145,000 problems, reading the
-- heap for each. With the registration instant as the second key and the town among the included columns, the
-- region's range is read from the index alone and the period narrows it inside; it also serves everything V0078 served
-- (a range of the region path), so it replaces it.
DROP INDEX ix_problems_region_path_figures;
CREATE INDEX ix_problems_region_path_created_at_figures ON problems (region_path varchar_pattern_ops, created_at)
    INCLUDE (town_id, status, deadline, dispatched_at, resolved_by_deadline, resolved_on_spot, satisfaction);
