-- Region scope as a plain index range (ADR-016, docs/performance.md).
--
-- A region supervisor sees the enterprises whose town lies in the supervisor's org subtree. Testing
-- that through org_units for every candidate row made every region-scoped figure start from the whole
-- province. The town's materialised path is now kept on the rows the figures count — enterprises,
-- problems, and one row per (visit, enterprise) — so "in region R" is `region_path LIKE 'R%'`, which
-- a varchar_pattern_ops index answers as a range. The database keeps these columns; the application
-- never writes them.

-- ---------------------------------------------------------------- enterprises
ALTER TABLE enterprises ADD COLUMN region_path varchar(400);
UPDATE enterprises e SET region_path = o.path FROM org_units o WHERE o.id = e.town_id;
ALTER TABLE enterprises ALTER COLUMN region_path SET NOT NULL;
CREATE INDEX ix_enterprises_region_path ON enterprises (region_path varchar_pattern_ops);

CREATE FUNCTION enterprises_set_region_path() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.region_path IS NOT NULL THEN
        RETURN NEW; -- a bulk load that already knows the town's path
    END IF;
    SELECT path INTO NEW.region_path FROM org_units WHERE id = NEW.town_id;
    RETURN NEW;
END $$;
CREATE TRIGGER trg_enterprises_region_path BEFORE INSERT OR UPDATE OF town_id ON enterprises
    FOR EACH ROW EXECUTE FUNCTION enterprises_set_region_path();

-- ---------------------------------------------------------------- problems
ALTER TABLE problems ADD COLUMN town_id bigint, ADD COLUMN region_path varchar(400);
UPDATE problems p SET town_id = e.town_id, region_path = e.region_path FROM enterprises e WHERE e.id = p.enterprise_id;
ALTER TABLE problems ALTER COLUMN town_id SET NOT NULL, ALTER COLUMN region_path SET NOT NULL;
CREATE INDEX ix_problems_region_path_created_at ON problems (region_path varchar_pattern_ops, created_at);
CREATE INDEX ix_problems_town_id_created_at ON problems (town_id, created_at);

CREATE FUNCTION problems_set_region_path() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.region_path IS NOT NULL AND NEW.town_id IS NOT NULL THEN
        RETURN NEW;
    END IF;
    SELECT town_id, region_path INTO NEW.town_id, NEW.region_path FROM enterprises WHERE id = NEW.enterprise_id;
    RETURN NEW;
END $$;
CREATE TRIGGER trg_problems_region_path BEFORE INSERT OR UPDATE OF enterprise_id ON problems
    FOR EACH ROW EXECUTE FUNCTION problems_set_region_path();

-- ---------------------------------------------------------------- visits: one row per visited enterprise (家次)
CREATE TABLE visit_enterprises (
    visit_id      bigint       NOT NULL,
    enterprise_id bigint       NOT NULL,
    town_id       bigint       NOT NULL,
    region_path   varchar(400) NOT NULL,
    visited_on    date         NOT NULL,
    kind          varchar(20)  NOT NULL,
    -- false for an inspection that joins another inspection of the same day: it is not a visit of its own
    counted       boolean      NOT NULL,
    CONSTRAINT pk_visit_enterprises PRIMARY KEY (visit_id, enterprise_id),
    CONSTRAINT fk_visit_enterprises_visits_visit_id FOREIGN KEY (visit_id) REFERENCES visits (id) ON DELETE CASCADE
);
-- Key columns beyond the filter let the figures be counted from the index alone.
CREATE INDEX ix_visit_enterprises_region_path_visited_on
    ON visit_enterprises (region_path varchar_pattern_ops, visited_on, enterprise_id, visit_id, kind) WHERE counted;
CREATE INDEX ix_visit_enterprises_visited_on
    ON visit_enterprises (visited_on, enterprise_id, visit_id, kind) WHERE counted;
CREATE INDEX ix_visit_enterprises_enterprise_id_visited_on ON visit_enterprises (enterprise_id, visited_on);

-- Rebuilds the rows of the given visits (all visits when null) from visits and enterprises.
CREATE FUNCTION visit_enterprises_rebuild(visit_ids bigint[]) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    IF visit_ids IS NULL THEN
        TRUNCATE visit_enterprises;
    ELSE
        DELETE FROM visit_enterprises WHERE visit_id = ANY (visit_ids);
    END IF;
    INSERT INTO visit_enterprises (visit_id, enterprise_id, town_id, region_path, visited_on, kind, counted)
    SELECT v.id, e.id, e.town_id, e.region_path, v.visited_on, v.kind, v.joins_inspection_id IS NULL
    FROM visits v
    CROSS JOIN LATERAL (SELECT DISTINCT x FROM unnest(v.enterprise_ids) AS x) AS ids
    JOIN enterprises e ON e.id = ids.x
    WHERE visit_ids IS NULL OR v.id = ANY (visit_ids);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;
SELECT visit_enterprises_rebuild(NULL);

CREATE FUNCTION visits_sync_enterprises() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM visit_enterprises_rebuild(ARRAY[NEW.id]);
    RETURN NULL;
END $$;
CREATE TRIGGER trg_visits_enterprises AFTER INSERT OR UPDATE OF visited_on, kind, enterprise_ids, joins_inspection_id ON visits
    FOR EACH ROW EXECUTE FUNCTION visits_sync_enterprises();

-- ---------------------------------------------------------------- an enterprise moves to another town
CREATE FUNCTION enterprises_propagate_region_path() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE problems SET town_id = NEW.town_id, region_path = NEW.region_path
        WHERE enterprise_id = NEW.id AND (town_id, region_path) IS DISTINCT FROM (NEW.town_id, NEW.region_path);
    UPDATE visit_enterprises SET town_id = NEW.town_id, region_path = NEW.region_path
        WHERE enterprise_id = NEW.id AND (town_id, region_path) IS DISTINCT FROM (NEW.town_id, NEW.region_path);
    RETURN NULL;
END $$;
CREATE TRIGGER trg_enterprises_propagate_region_path AFTER UPDATE OF town_id, region_path ON enterprises
    FOR EACH ROW WHEN ((OLD.town_id, OLD.region_path) IS DISTINCT FROM (NEW.town_id, NEW.region_path))
    EXECUTE FUNCTION enterprises_propagate_region_path();

-- A unit's path is set once after it is inserted (its id is part of it); should it ever change, its enterprises follow.
CREATE FUNCTION org_units_propagate_path() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE enterprises SET region_path = NEW.path WHERE town_id = NEW.id AND region_path IS DISTINCT FROM NEW.path;
    RETURN NULL;
END $$;
CREATE TRIGGER trg_org_units_propagate_path AFTER UPDATE OF path ON org_units
    FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path)
    EXECUTE FUNCTION org_units_propagate_path();
