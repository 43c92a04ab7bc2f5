-- Region scopes for 预警 flags and 督办单 (ADR-016, docs/performance.md).
--
-- The flag counts read the open problems (登记, 已交办, 办理中; a few percent of all) of a region and
-- period; the 督办单 counts the notices of a region and period. Both tested each candidate's problem
-- through the org tree or the problems table; both now read one index range.

CREATE INDEX ix_problems_open_region_path_created_at ON problems (region_path varchar_pattern_ops, created_at)
    WHERE status IN ('Reported', 'Assigned', 'InProgress');
CREATE INDEX ix_problems_open_created_at ON problems (created_at)
    WHERE status IN ('Reported', 'Assigned', 'InProgress');

-- A notice lies where its problem does; the problem's region is kept by the database (V0014).
ALTER TABLE supervision_notices ADD COLUMN region_path varchar(400);
UPDATE supervision_notices n SET region_path = p.region_path FROM problems p WHERE p.id = n.problem_id;
ALTER TABLE supervision_notices ALTER COLUMN region_path SET NOT NULL;
CREATE INDEX ix_supervision_notices_region_path_issued_at ON supervision_notices (region_path varchar_pattern_ops, issued_at);

CREATE FUNCTION supervision_notices_set_region_path() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.region_path IS NOT NULL THEN
        RETURN NEW;
    END IF;
    SELECT region_path INTO NEW.region_path FROM problems WHERE id = NEW.problem_id;
    RETURN NEW;
END $$;
CREATE TRIGGER trg_supervision_notices_region_path BEFORE INSERT OR UPDATE OF problem_id ON supervision_notices
    FOR EACH ROW EXECUTE FUNCTION supervision_notices_set_region_path();

-- When an enterprise moves to another town its problems follow (V0014); their notices follow the problems.
CREATE FUNCTION problems_propagate_region_path() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE supervision_notices SET region_path = NEW.region_path
        WHERE problem_id = NEW.id AND region_path IS DISTINCT FROM NEW.region_path;
    RETURN NULL;
END $$;
CREATE TRIGGER trg_problems_propagate_region_path AFTER UPDATE OF region_path ON problems
    FOR EACH ROW WHEN (OLD.region_path IS DISTINCT FROM NEW.region_path)
    EXECUTE FUNCTION problems_propagate_region_path();
