-- 三个一批 at province scale (docs/performance.md): projects carry their region's path, kept by the database as
-- enterprises' and problems' are (V0014), so "the projects of a region" is one index range. Until now the scope and the
-- list's region filter probed org_units once per project: a district's 150 projects were found by testing all 20,000,
-- and the planner, expecting half of them, joined the investment years to every project.
ALTER TABLE projects ADD COLUMN region_path varchar(400);
UPDATE projects p SET region_path = o.path FROM org_units o WHERE o.id = p.region_id;
ALTER TABLE projects ALTER COLUMN region_path SET NOT NULL;
CREATE INDEX ix_projects_region_path ON projects (region_path varchar_pattern_ops);

CREATE FUNCTION projects_set_region_path() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.region_path IS NOT NULL THEN
        RETURN NEW; -- a bulk load that already knows the region's path
    END IF;
    SELECT path INTO NEW.region_path FROM org_units WHERE id = NEW.region_id;
    RETURN NEW;
END $$;
CREATE TRIGGER trg_projects_region_path BEFORE INSERT OR UPDATE OF region_id ON projects
    FOR EACH ROW EXECUTE FUNCTION projects_set_region_path();
