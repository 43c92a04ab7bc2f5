-- The open problems per deadline day, once per city and once per district (ADR-035, docs/performance.md, HTTP).
--
-- 逾期 depends on the day it is asked, so the daily roll-up of V0070 does not hold it: the problem list and the dashboard
-- counted the region's open problems past their deadline on every request, a statement that cost more to plan than the
-- rest of the figure panel. problem_open_deadlines holds, per city (depth 1, "/city/") and per district (depth 2,
-- "/city/district/"), how many open problems (登记, 已交办, 办理中) have each deadline; 逾期 of all time on any day is the
-- sum of the days before it. A period's 逾期 (problems registered between two days) is still counted live.
--
-- Kept like problem_day_figures, by the same trigger function (below, which V0070's triggers now use too): statement-level
-- triggers on problems add what a statement inserted and take away what it deleted or changed from before, in the same
-- transaction; problem_open_deadlines_rebuild() counts it afresh.

CREATE TABLE problem_open_deadlines (
    -- 1: a city's row, 2: a district's row
    depth        smallint     NOT NULL,
    region_path  varchar(400) NOT NULL,
    deadline     date         NOT NULL,
    open_count   integer      NOT NULL,
    CONSTRAINT pk_problem_open_deadlines PRIMARY KEY (depth, region_path, deadline)
);
-- A region's deadline days with their counts: an index-only range.
CREATE INDEX ix_problem_open_deadlines_region_counts ON problem_open_deadlines (depth, region_path, deadline) INCLUDE (open_count);

-- The one spelling in SQL of "open" for this roll-up (ProblemFigureRules.Open; ProblemRollupTests compares the sums with
-- the live 逾期): the statement that adds the open problems of a query (%s, with a column "sign") to their deadline days.
-- The upserts go in key order, so two statements touching the same days wait for each other rather than deadlock.
CREATE FUNCTION problem_open_deadlines_upsert() RETURNS text LANGUAGE sql IMMUTABLE RETURN $sql$
        INSERT INTO problem_open_deadlines AS t
        SELECT g.depth, region_path_prefix(d.region_path, g.depth), d.deadline, sum(d.sign)
        FROM (%s) AS d CROSS JOIN (VALUES (1), (2)) AS g(depth)
        WHERE d.status IN ('Reported', 'Assigned', 'InProgress') AND d.deadline IS NOT NULL
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
        ON CONFLICT (depth, region_path, deadline) DO UPDATE SET open_count = t.open_count + excluded.open_count
$sql$;

-- One trigger function for every roll-up kept from problems (problem_day_figures of V0070 and this one): TG_ARGV[0] names
-- the function that spells the roll-up's upsert (with %s for the rows and their sign), TG_ARGV[1] the columns whose
-- change moves a problem in it (with %1$s for the row: o before the statement, n after). An update passes on only the
-- rows whose columns changed; most updates change none.
CREATE FUNCTION problem_rollup_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    upsert  text;
    delta   text;
    changed text;
BEGIN
    EXECUTE format('SELECT %I()', TG_ARGV[0]) INTO upsert;
    IF TG_OP = 'INSERT' THEN
        delta := 'SELECT 1 AS sign, n.* FROM new_rows n';
    ELSIF TG_OP = 'DELETE' THEN
        delta := 'SELECT -1 AS sign, o.* FROM old_rows o';
    ELSE
        changed := format('(' || TG_ARGV[1] || ')', 'o') || ' IS DISTINCT FROM ' || format('(' || TG_ARGV[1] || ')', 'n');
        delta := 'SELECT -1 AS sign, o.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE ' || changed
            || ' UNION ALL SELECT 1 AS sign, n.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE ' || changed;
    END IF;
    EXECUTE format(upsert, delta);
    RETURN NULL;
END $$;

-- The daily figures (V0070) move to it, with the columns their rules read.
DROP TRIGGER trg_problems_day_figures_insert ON problems;
DROP TRIGGER trg_problems_day_figures_update ON problems;
DROP TRIGGER trg_problems_day_figures_delete ON problems;
DROP FUNCTION problem_day_figures_trigger();
CREATE TRIGGER trg_problems_day_figures_insert AFTER INSERT ON problems
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION problem_rollup_trigger('problem_day_figures_upsert');
CREATE TRIGGER trg_problems_day_figures_update AFTER UPDATE ON problems
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION problem_rollup_trigger('problem_day_figures_upsert',
        '%1$s.created_at, %1$s.region_path, %1$s.status, %1$s.resolved_on_spot, %1$s.dispatched_at IS NULL, %1$s.resolved_by_deadline, %1$s.satisfaction');
CREATE TRIGGER trg_problems_day_figures_delete AFTER DELETE ON problems
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION problem_rollup_trigger('problem_day_figures_upsert');

-- The open problems' deadline days: a problem that opened, closed, moved or got another deadline.
CREATE TRIGGER trg_problems_open_deadlines_insert AFTER INSERT ON problems
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION problem_rollup_trigger('problem_open_deadlines_upsert');
CREATE TRIGGER trg_problems_open_deadlines_update AFTER UPDATE ON problems
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION problem_rollup_trigger('problem_open_deadlines_upsert',
        '%1$s.region_path, %1$s.status IN (''Reported'', ''Assigned'', ''InProgress''), %1$s.deadline');
CREATE TRIGGER trg_problems_open_deadlines_delete AFTER DELETE ON problems
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION problem_rollup_trigger('problem_open_deadlines_upsert');

-- Truncating problems empties both roll-ups (the trigger of V0070, renamed).
ALTER FUNCTION problems_truncate_day_figures() RENAME TO problems_truncate_rollups;
CREATE OR REPLACE FUNCTION problems_truncate_rollups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE problem_day_figures, problem_open_deadlines;
    RETURN NULL;
END $$;

-- Counts the roll-up afresh from problems (after a bulk load with triggers off); returns the number of rows.
CREATE FUNCTION problem_open_deadlines_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    LOCK TABLE problem_open_deadlines IN EXCLUSIVE MODE;
    DELETE FROM problem_open_deadlines;
    EXECUTE format(problem_open_deadlines_upsert(), 'SELECT 1 AS sign, p.* FROM problems p');
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;
SELECT problem_open_deadlines_rebuild();
