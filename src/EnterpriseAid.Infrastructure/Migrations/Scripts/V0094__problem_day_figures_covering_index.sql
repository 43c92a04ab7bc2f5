-- A region's problem figures from the daily roll-up's index alone (docs/performance.md, issue 8, HTTP).
--
-- 问题台账 and the dashboard sum a region's days of problem_day_figures. The rows of one region are spread over the
-- table (one row a day, written day by day for every region), so a district's 681 days read 658 heap pages: 2.4 ms on
-- every request of a district's problem list. With the summed columns included it is an index-only range of a few
-- pages. It replaces the plain (region_path, registered_on) index, which it serves as well.
DROP INDEX ix_problem_day_figures_region_path_registered_on;
CREATE INDEX ix_problem_day_figures_region_figures ON problem_day_figures (region_path, registered_on)
    INCLUDE (total, solved_on_spot, dispatched, resolved, resolved_with_deadline, resolved_by_deadline, rated, satisfied);

-- The plain (region_path, created_at) index of problems (V0014) has the same key as the covering one of V0090, which
-- serves every query it served; each extra index is one more path the planner weighs on every region query.
DROP INDEX ix_problems_region_path_created_at;
