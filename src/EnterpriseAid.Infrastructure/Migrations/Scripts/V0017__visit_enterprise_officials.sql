-- The officials of each visit on its per-enterprise rows (V0014), so the ranking of officials (比学赶超) counts
-- their 家次, 座谈会 and enterprises covered from the same rows and with the same scope as every other visit figure.
ALTER TABLE visit_enterprises ADD COLUMN official_ids bigint[];
UPDATE visit_enterprises ve SET official_ids = v.official_ids FROM visits v WHERE v.id = ve.visit_id;
ALTER TABLE visit_enterprises ALTER COLUMN official_ids SET NOT NULL;

CREATE OR REPLACE FUNCTION visit_enterprises_rebuild(visit_ids bigint[]) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    IF visit_ids IS NULL THEN
        TRUNCATE visit_enterprises;
    ELSE
        DELETE FROM visit_enterprises WHERE visit_id = ANY (visit_ids);
    END IF;
    INSERT INTO visit_enterprises (visit_id, enterprise_id, town_id, region_path, visited_on, kind, counted, official_ids)
    SELECT v.id, e.id, e.town_id, e.region_path, v.visited_on, v.kind, v.joins_inspection_id IS NULL, v.official_ids
    FROM visits v
    CROSS JOIN LATERAL (SELECT DISTINCT x FROM unnest(v.enterprise_ids) AS x) AS ids
    JOIN enterprises e ON e.id = ids.x
    WHERE visit_ids IS NULL OR v.id = ANY (visit_ids);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;

DROP TRIGGER trg_visits_enterprises ON visits;
CREATE TRIGGER trg_visits_enterprises AFTER INSERT OR UPDATE OF visited_on, kind, enterprise_ids, official_ids, joins_inspection_id ON visits
    FOR EACH ROW EXECUTE FUNCTION visits_sync_enterprises();
