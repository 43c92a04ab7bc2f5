-- A daily roll-up of the problem figures (ADR-024, docs/performance.md).
--
-- A custom period over the whole province or a city counted the problem figures from half a million problem
-- rows at request time. problem_day_figures holds, per Beijing registration day, once per city (depth 1: the region
-- path cut after its first unit, "/city/") and once per district (depth 2: "/city/district/"), the counts of every
-- figure rule of ProblemFigureRules that does not depend on the day it is asked: 问题总数, 现场解决, 交办, 已解决,
-- 已解决（有期限）, 按期办结, 已评价, 满意. The province's year is the sum of 15 × 365 city rows, a city's of 365.
-- 逾期 depends on "today" and stays counted live from the open problems (a partial index).
--
-- The database keeps it in the same transaction as the change, by statement-level triggers on problems that add
-- what a statement inserted and take away what it deleted or changed from before, so a committed roll-up always
-- equals the live count. The application never writes it. problem_day_figures_rebuild() counts it afresh
-- (after a bulk load with triggers off).

CREATE TABLE problem_day_figures (
    -- 1: a city's row, 2: a district's row
    depth                  smallint     NOT NULL,
    region_path            varchar(400) NOT NULL,
    registered_on          date         NOT NULL,
    total                  integer      NOT NULL,
    solved_on_spot         integer      NOT NULL,
    dispatched             integer      NOT NULL,
    resolved               integer      NOT NULL,
    resolved_with_deadline integer      NOT NULL,
    resolved_by_deadline   integer      NOT NULL,
    rated                  integer      NOT NULL,
    satisfied              integer      NOT NULL,
    CONSTRAINT pk_problem_day_figures PRIMARY KEY (depth, registered_on, region_path)
);
-- One city's or one district's days.
CREATE INDEX ix_problem_day_figures_region_path_registered_on ON problem_day_figures (region_path, registered_on);

-- The Beijing day of a registration instant (UTC+8, no daylight saving: ChinaTime).
CREATE FUNCTION beijing_date(at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ((at AT TIME ZONE 'UTC') + interval '8 hours')::date;

-- The first <depth> units of a region path (depth 2: "/3/17/250/" → "/3/17/"); a shorter path is itself.
CREATE FUNCTION region_path_prefix(region_path varchar, depth integer) RETURNS varchar LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce(substring(region_path from '^(?:/[^/]+){' || depth || '}/'), region_path);

-- The one spelling in SQL of the rules of ProblemFigureRules (ProblemRollupTests compares the roll-up with the rules as
-- EF Core counts them): the statement that adds the figures of the problems of a query (%s, with a column "sign": +1 to
-- add a problem as it is now, -1 to take it away as it was) to their days, cities and districts. The upserts go in key
-- order, so two statements touching the same days wait for each other rather than deadlock.
CREATE FUNCTION problem_day_figures_upsert() RETURNS text LANGUAGE sql IMMUTABLE RETURN $sql$
        INSERT INTO problem_day_figures AS t
        SELECT g.depth, region_path_prefix(d.region_path, g.depth), beijing_date(d.created_at),
               coalesce(sum(d.sign), 0),
               coalesce(sum(d.sign) FILTER (WHERE d.resolved_on_spot), 0),
               coalesce(sum(d.sign) FILTER (WHERE d.dispatched_at IS NOT NULL), 0),
               coalesce(sum(d.sign) FILTER (WHERE d.status IN ('Resolved', 'Closed')), 0),
               coalesce(sum(d.sign) FILTER (WHERE d.status IN ('Resolved', 'Closed') AND d.resolved_by_deadline IS NOT NULL), 0),
               coalesce(sum(d.sign) FILTER (WHERE d.status IN ('Resolved', 'Closed') AND d.resolved_by_deadline), 0),
               coalesce(sum(d.sign) FILTER (WHERE d.satisfaction IS NOT NULL), 0),
               coalesce(sum(d.sign) FILTER (WHERE d.satisfaction IN ('Satisfied', 'BasicallySatisfied')), 0)
        FROM (%s) AS d CROSS JOIN (VALUES (1), (2)) AS g(depth)
        GROUP BY 1, 2, 3
        ORDER BY 1, 3, 2
        ON CONFLICT (depth, registered_on, region_path) DO UPDATE SET
            total = t.total + excluded.total,
            solved_on_spot = t.solved_on_spot + excluded.solved_on_spot,
            dispatched = t.dispatched + excluded.dispatched,
            resolved = t.resolved + excluded.resolved,
            resolved_with_deadline = t.resolved_with_deadline + excluded.resolved_with_deadline,
            resolved_by_deadline = t.resolved_by_deadline + excluded.resolved_by_deadline,
            rated = t.rated + excluded.rated,
            satisfied = t.satisfied + excluded.satisfied
$sql$;

-- Applies each statement's changes to problems: the rows inserted, the rows deleted, and the old and new state of the
-- rows updated (from the statement's transition tables, which only this function can read).
CREATE FUNCTION problem_day_figures_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    delta text;
    changed constant text := '(o.created_at, o.region_path, o.status, o.resolved_on_spot, o.dispatched_at IS NULL, o.resolved_by_deadline, o.satisfaction)
        IS DISTINCT FROM (n.created_at, n.region_path, n.status, n.resolved_on_spot, n.dispatched_at IS NULL, n.resolved_by_deadline, n.satisfaction)';
BEGIN
    IF TG_OP = 'INSERT' THEN
        delta := 'SELECT 1 AS sign, n.* FROM new_rows n';
    ELSIF TG_OP = 'DELETE' THEN
        delta := 'SELECT -1 AS sign, o.* FROM old_rows o';
    ELSE
        -- Only the rows whose figure columns changed (most updates change none: a title, a deadline, an acceptance).
        delta := 'SELECT -1 AS sign, o.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE ' || changed
            || ' UNION ALL SELECT 1 AS sign, n.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE ' || changed;
    END IF;
    EXECUTE format(problem_day_figures_upsert(), delta);
    RETURN NULL;
END $$;

CREATE TRIGGER trg_problems_day_figures_insert AFTER INSERT ON problems
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION problem_day_figures_trigger();
CREATE TRIGGER trg_problems_day_figures_update AFTER UPDATE ON problems
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION problem_day_figures_trigger();
CREATE TRIGGER trg_problems_day_figures_delete AFTER DELETE ON problems
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION problem_day_figures_trigger();

CREATE FUNCTION problems_truncate_day_figures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE problem_day_figures;
    RETURN NULL;
END $$;
CREATE TRIGGER trg_problems_day_figures_truncate AFTER TRUNCATE ON problems
    FOR EACH STATEMENT EXECUTE FUNCTION problems_truncate_day_figures();

-- Counts the roll-up afresh from problems (after a bulk load with triggers off); returns the number of rows.
CREATE FUNCTION problem_day_figures_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    LOCK TABLE problem_day_figures IN EXCLUSIVE MODE;
    DELETE FROM problem_day_figures;
    EXECUTE format(problem_day_figures_upsert(), 'SELECT 1 AS sign, p.* FROM problems p');
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;
SELECT problem_day_figures_rebuild();
