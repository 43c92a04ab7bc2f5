-- A daily roll-up of the visit figures and each enterprise's last counted visit (ADR-034, docs/performance.md).
--
-- The visit list (走访记录) and the dashboard's visit cards counted their figures from every (visit, enterprise) pair
-- of the period: 2.5 million pairs for the province's whole history, 1.3 million for its year, with two distinct
-- counts. Both figures that are distinct counts are still exact as sums once they are kept per day and per region
-- level, because each visit has one day:
--   visit_day_figures: per Beijing visit day, kind and region — the province (depth 0, path ''), each city (depth 1,
--   "/city/") and each district (depth 2, "/city/district/") — the 家次 (counted pairs) and the visits with at least
--   one counted pair in that region. A symposium with enterprises in two districts is one visit of each district and
--   one of their city and of the province, so a region's sum over days is its exact count of distinct visits.
--   enterprise_last_visits: per enterprise with a counted visit, the day of its latest one. Enterprises covered in a
--   period [from, to] are those with a counted visit in it; when no enterprise of the region has a visit after `to`
--   (every period that ends today or later), that is exactly the enterprises whose last visit is on or after `from`.
--   last_visit_day_counts: how many enterprises have their last visit on each day, per region level as above, so that
--   count is a sum over at most a few hundred days instead of an index range of up to 500,000 enterprises.
-- The database keeps both in the transaction of every change to visit_enterprises (itself kept from visits and
-- enterprises by V0014/V0017), from the statements' transition tables; the application never writes them.
-- visit_rollup_rebuild() counts both afresh (after a bulk load with triggers off).

CREATE TABLE visit_day_figures (
    -- 0: the province's row (region_path ''), 1: a city's, 2: a district's
    depth       smallint     NOT NULL,
    region_path varchar(400) NOT NULL,
    visited_on  date         NOT NULL,
    kind        varchar(20)  NOT NULL,
    -- 家次: counted (visit, enterprise) pairs
    pairs       integer      NOT NULL,
    -- counted visits with at least one enterprise in the region
    visits      integer      NOT NULL,
    CONSTRAINT pk_visit_day_figures PRIMARY KEY (depth, visited_on, region_path, kind)
);
CREATE INDEX ix_visit_day_figures_region_path_visited_on ON visit_day_figures (region_path, visited_on);

CREATE TABLE enterprise_last_visits (
    enterprise_id   bigint       NOT NULL,
    region_path     varchar(400) NOT NULL,
    last_visited_on date         NOT NULL,
    CONSTRAINT pk_enterprise_last_visits PRIMARY KEY (enterprise_id)
);
CREATE INDEX ix_enterprise_last_visits_last_visited_on ON enterprise_last_visits (last_visited_on);
CREATE INDEX ix_enterprise_last_visits_region_path_last_visited_on
    ON enterprise_last_visits (region_path varchar_pattern_ops, last_visited_on);

CREATE TABLE last_visit_day_counts (
    -- 0: the province's row (region_path ''), 1: a city's, 2: a district's
    depth           smallint     NOT NULL,
    region_path     varchar(400) NOT NULL,
    last_visited_on date         NOT NULL,
    enterprises     integer      NOT NULL,
    CONSTRAINT pk_last_visit_day_counts PRIMARY KEY (depth, last_visited_on, region_path)
);
CREATE INDEX ix_last_visit_day_counts_region_path_last_visited_on ON last_visit_day_counts (region_path, last_visited_on);

-- Adds signed enterprises (%s: rows with sign, region_path, last_visited_on) to their days and regions.
CREATE FUNCTION last_visit_day_counts_upsert() RETURNS text LANGUAGE sql IMMUTABLE RETURN $sql$
        INSERT INTO last_visit_day_counts AS t
        SELECT g.depth, CASE WHEN g.depth = 0 THEN '' ELSE region_path_prefix(d.region_path, g.depth) END, d.last_visited_on, sum(d.sign)
        FROM (%s) AS d CROSS JOIN (VALUES (0), (1), (2)) AS g(depth)
        GROUP BY 1, 2, 3
        HAVING sum(d.sign) <> 0
        ORDER BY 1, 3, 2
        ON CONFLICT (depth, last_visited_on, region_path) DO UPDATE SET enterprises = t.enterprises + excluded.enterprises
$sql$;

CREATE FUNCTION last_visit_day_counts_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        EXECUTE format(last_visit_day_counts_upsert(), 'SELECT 1 AS sign, n.region_path, n.last_visited_on FROM new_rows n');
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE format(last_visit_day_counts_upsert(), 'SELECT -1 AS sign, o.region_path, o.last_visited_on FROM old_rows o');
    ELSE
        EXECUTE format(last_visit_day_counts_upsert(), 'SELECT -1 AS sign, o.region_path, o.last_visited_on FROM old_rows o
            UNION ALL SELECT 1, n.region_path, n.last_visited_on FROM new_rows n');
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER trg_enterprise_last_visits_counts_insert AFTER INSERT ON enterprise_last_visits
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION last_visit_day_counts_trigger();
CREATE TRIGGER trg_enterprise_last_visits_counts_update AFTER UPDATE ON enterprise_last_visits
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION last_visit_day_counts_trigger();
CREATE TRIGGER trg_enterprise_last_visits_counts_delete AFTER DELETE ON enterprise_last_visits
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION last_visit_day_counts_trigger();

-- The statement that adds signed pairs (%s: rows with sign, visit_id, region_path, visited_on, kind — all pairs of a visit
-- in one state with the same sign) to their days and regions. A visit counts once per region it touches: the inner
-- grouping is per visit. The upserts go in key order, so two statements touching the same days wait rather than deadlock.
CREATE FUNCTION visit_day_figures_upsert() RETURNS text LANGUAGE sql IMMUTABLE RETURN $sql$
        INSERT INTO visit_day_figures AS t
        SELECT x.depth, x.region_path, x.visited_on, x.kind, sum(x.sign * x.pairs), sum(x.sign)
        FROM (
            SELECT d.sign, d.visit_id, g.depth,
                   CASE WHEN g.depth = 0 THEN '' ELSE region_path_prefix(d.region_path, g.depth) END AS region_path,
                   d.visited_on, d.kind, count(*) AS pairs
            FROM (%s) AS d CROSS JOIN (VALUES (0), (1), (2)) AS g(depth)
            GROUP BY 1, 2, 3, 4, 5, 6
        ) AS x
        GROUP BY 1, 2, 3, 4
        HAVING sum(x.sign * x.pairs) <> 0 OR sum(x.sign) <> 0
        ORDER BY 1, 3, 2, 4
        ON CONFLICT (depth, visited_on, region_path, kind) DO UPDATE SET
            pairs = t.pairs + excluded.pairs,
            visits = t.visits + excluded.visits
$sql$;

-- Sets the last counted visit day of the given enterprises from visit_enterprises (and removes those with none). A
-- transaction-level advisory lock per enterprise, taken in id order before reading, makes two transactions that add
-- visits of one enterprise at the same time apply one after the other, each reading what the other committed.
CREATE FUNCTION enterprise_last_visits_sync(enterprise_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(74288, (id % 2147483647)::integer)
    FROM (SELECT DISTINCT unnest(enterprise_ids) AS id ORDER BY 1) AS ids;
    INSERT INTO enterprise_last_visits AS t (enterprise_id, region_path, last_visited_on)
    SELECT e.id, e.region_path, v.last_visited_on
    FROM (SELECT ve.enterprise_id, max(ve.visited_on) AS last_visited_on FROM visit_enterprises ve
          WHERE ve.enterprise_id = ANY (enterprise_ids) AND ve.counted GROUP BY ve.enterprise_id) AS v
    JOIN enterprises e ON e.id = v.enterprise_id
    ORDER BY e.id
    ON CONFLICT (enterprise_id) DO UPDATE SET region_path = excluded.region_path, last_visited_on = excluded.last_visited_on
        WHERE (t.region_path, t.last_visited_on) IS DISTINCT FROM (excluded.region_path, excluded.last_visited_on);
    DELETE FROM enterprise_last_visits l
    WHERE l.enterprise_id = ANY (enterprise_ids)
      AND NOT EXISTS (SELECT 1 FROM visit_enterprises ve WHERE ve.enterprise_id = l.enterprise_id AND ve.counted);
END $$;

-- Applies one statement's changes to visit_enterprises. The visits it touched are taken away as they were before the
-- statement (their rows now, but those the statement wrote, plus the rows it removed or overwrote) and added as they are
-- now, so a visit whose enterprises are partly moved or removed still counts once per region it touches.
CREATE FUNCTION visit_day_figures_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    new_src constant text := CASE WHEN TG_OP = 'DELETE' THEN '(SELECT * FROM visit_enterprises LIMIT 0)' ELSE 'new_rows' END;
    old_src constant text := CASE WHEN TG_OP = 'INSERT' THEN '(SELECT * FROM visit_enterprises LIMIT 0)' ELSE 'old_rows' END;
    touched bigint[];
BEGIN
    EXECUTE format(visit_day_figures_upsert(), format($d$
        SELECT s.sign, s.visit_id, s.region_path, s.visited_on, s.kind
        FROM (SELECT visit_id FROM %1$s n UNION SELECT visit_id FROM %2$s o) AS t
        CROSS JOIN LATERAL (
            SELECT 1 AS sign, ve.visit_id, ve.region_path, ve.visited_on, ve.kind
            FROM visit_enterprises ve WHERE ve.visit_id = t.visit_id AND ve.counted
            UNION ALL
            SELECT -1, ve.visit_id, ve.region_path, ve.visited_on, ve.kind
            FROM visit_enterprises ve
            WHERE ve.visit_id = t.visit_id AND ve.counted
              AND NOT EXISTS (SELECT 1 FROM %1$s n WHERE n.visit_id = ve.visit_id AND n.enterprise_id = ve.enterprise_id)
        ) AS s
        UNION ALL
        SELECT -1, o.visit_id, o.region_path, o.visited_on, o.kind FROM %2$s o WHERE o.counted
        $d$, new_src, old_src));
    EXECUTE format('SELECT array_agg(DISTINCT enterprise_id) FROM (SELECT enterprise_id FROM %1$s n UNION ALL SELECT enterprise_id FROM %2$s o) AS e',
        new_src, old_src) INTO touched;
    IF touched IS NOT NULL THEN
        PERFORM enterprise_last_visits_sync(touched);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER trg_visit_enterprises_rollup_insert AFTER INSERT ON visit_enterprises
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION visit_day_figures_trigger();
CREATE TRIGGER trg_visit_enterprises_rollup_update AFTER UPDATE ON visit_enterprises
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION visit_day_figures_trigger();
CREATE TRIGGER trg_visit_enterprises_rollup_delete AFTER DELETE ON visit_enterprises
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION visit_day_figures_trigger();

CREATE FUNCTION visit_enterprises_truncate_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE visit_day_figures, enterprise_last_visits, last_visit_day_counts;
    RETURN NULL;
END $$;
CREATE TRIGGER trg_visit_enterprises_rollup_truncate AFTER TRUNCATE ON visit_enterprises
    FOR EACH STATEMENT EXECUTE FUNCTION visit_enterprises_truncate_rollup();

-- Counts both afresh from visit_enterprises (after a bulk load with triggers off); returns the roll-up's row count.
CREATE FUNCTION visit_rollup_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    LOCK TABLE visit_day_figures, enterprise_last_visits, last_visit_day_counts IN EXCLUSIVE MODE;
    DELETE FROM visit_day_figures;
    -- Emptied and filled without their row triggers; the day counts are counted from the result.
    ALTER TABLE enterprise_last_visits DISABLE TRIGGER USER;
    DELETE FROM enterprise_last_visits;
    EXECUTE format(visit_day_figures_upsert(),
        'SELECT 1 AS sign, ve.visit_id, ve.region_path, ve.visited_on, ve.kind FROM visit_enterprises ve WHERE ve.counted');
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO enterprise_last_visits (enterprise_id, region_path, last_visited_on)
    SELECT e.id, e.region_path, v.last_visited_on
    FROM (SELECT enterprise_id, max(visited_on) AS last_visited_on FROM visit_enterprises WHERE counted GROUP BY enterprise_id) AS v
    JOIN enterprises e ON e.id = v.enterprise_id;
    ALTER TABLE enterprise_last_visits ENABLE TRIGGER USER;
    DELETE FROM last_visit_day_counts;
    EXECUTE format(last_visit_day_counts_upsert(), 'SELECT 1 AS sign, l.region_path, l.last_visited_on FROM enterprise_last_visits l');
    RETURN n;
END $$;
SELECT visit_rollup_rebuild();
