-- The 复工复产 table (ADR-022) at province scale (ADR-032, docs/performance.md).
--
-- The table counts, per scale class, the enterprises of a scope and what each one's latest report on or before a day
-- says. Counted live, that is 500,000 enterprises each probing its report history (3 s for the province). The database
-- now keeps two things in the transaction of every change, so a committed state always equals the live count:
--
--   operating_latest_reports   each enterprise's latest report (any day): one narrow row per reporting enterprise;
--   operating_region_figures   per town region path and scale class: the enterprises, and the sums over their latest
--                              reports (reported, operating, staff on duty, usual staff).
--
-- The table for a day sums the region's rows (a few thousand), then corrects it for the few enterprises whose latest
-- report is after that day (none for today): their latest report taken away, their latest on or before the day added.
-- The application never writes either table; operating_figures_rebuild() counts both afresh (after a bulk load with
-- triggers off).

CREATE TABLE operating_latest_reports (
    enterprise_id bigint  NOT NULL,
    reported_on   date    NOT NULL,
    operating     boolean NOT NULL,
    staff_on_duty integer NOT NULL,
    usual_staff   integer NOT NULL,
    CONSTRAINT pk_operating_latest_reports PRIMARY KEY (enterprise_id)
);
-- The enterprises whose latest report is after a past day.
CREATE INDEX ix_operating_latest_reports_reported_on ON operating_latest_reports (reported_on);

CREATE TABLE operating_region_figures (
    region_path   varchar(400) NOT NULL,
    scale_class   varchar(32)  NOT NULL,
    enterprises   integer      NOT NULL,
    reported      integer      NOT NULL,
    operating     integer      NOT NULL,
    staff_on_duty bigint       NOT NULL,
    usual_staff   bigint       NOT NULL,
    CONSTRAINT pk_operating_region_figures PRIMARY KEY (region_path, scale_class)
);

-- Adds sign × (one enterprise, with its latest report if it has one) to a region path and scale class.
CREATE FUNCTION operating_region_figures_add(p_region_path varchar, p_scale_class varchar, sign integer,
                                             p_enterprise integer, latest operating_latest_reports) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO operating_region_figures AS t
    VALUES (p_region_path, p_scale_class, sign * p_enterprise,
            sign * (latest.enterprise_id IS NOT NULL)::int,
            sign * coalesce(latest.operating, false)::int,
            sign * coalesce(latest.staff_on_duty, 0)::bigint,
            sign * coalesce(latest.usual_staff, 0)::bigint)
    ON CONFLICT (region_path, scale_class) DO UPDATE SET
        enterprises = t.enterprises + excluded.enterprises,
        reported = t.reported + excluded.reported,
        operating = t.operating + excluded.operating,
        staff_on_duty = t.staff_on_duty + excluded.staff_on_duty,
        usual_staff = t.usual_staff + excluded.usual_staff
$$;

-- Re-reads one enterprise's latest report and moves the figures from what was kept to what it is now. The enterprise
-- row is locked first, so two transactions reporting for the same enterprise (or one editing it) take turns.
CREATE FUNCTION operating_latest_refresh(p_enterprise_id bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    e record;
    kept operating_latest_reports;
    now_latest operating_latest_reports;
BEGIN
    SELECT region_path, scale_class INTO e FROM enterprises WHERE id = p_enterprise_id FOR NO KEY UPDATE;
    IF NOT FOUND THEN RETURN; END IF;
    SELECT * INTO kept FROM operating_latest_reports WHERE enterprise_id = p_enterprise_id;
    SELECT r.enterprise_id, r.reported_on, r.operating, r.staff_on_duty, r.usual_staff INTO now_latest
    FROM operating_reports r WHERE r.enterprise_id = p_enterprise_id ORDER BY r.reported_on DESC LIMIT 1;
    IF kept IS NOT DISTINCT FROM now_latest THEN RETURN; END IF;
    IF kept.enterprise_id IS NOT NULL THEN
        PERFORM operating_region_figures_add(e.region_path, e.scale_class, -1, 0, kept);
        DELETE FROM operating_latest_reports WHERE enterprise_id = p_enterprise_id;
    END IF;
    IF now_latest.enterprise_id IS NOT NULL THEN
        PERFORM operating_region_figures_add(e.region_path, e.scale_class, 1, 0, now_latest);
        INSERT INTO operating_latest_reports VALUES (now_latest.*);
    END IF;
END $$;

CREATE FUNCTION operating_reports_sync_latest() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN PERFORM operating_latest_refresh(OLD.enterprise_id); END IF;
    IF TG_OP = 'INSERT' OR NEW.enterprise_id <> OLD.enterprise_id THEN PERFORM operating_latest_refresh(NEW.enterprise_id); END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER trg_operating_reports_latest AFTER INSERT OR UPDATE OR DELETE ON operating_reports
    FOR EACH ROW EXECUTE FUNCTION operating_reports_sync_latest();

-- An enterprise counts in its region path and scale class: added when registered, moved when either changes (a new
-- town, the org tree re-parented, a new class), taken away when deleted.
CREATE FUNCTION enterprises_sync_operating_figures() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE latest operating_latest_reports;
BEGIN
    SELECT * INTO latest FROM operating_latest_reports WHERE enterprise_id = coalesce(NEW.id, OLD.id);
    IF TG_OP <> 'INSERT' THEN
        PERFORM operating_region_figures_add(OLD.region_path, OLD.scale_class, -1, 1, latest);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM operating_region_figures_add(NEW.region_path, NEW.scale_class, 1, 1, latest);
    ELSE
        DELETE FROM operating_latest_reports WHERE enterprise_id = OLD.id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER trg_enterprises_operating_figures_insert AFTER INSERT OR DELETE ON enterprises
    FOR EACH ROW EXECUTE FUNCTION enterprises_sync_operating_figures();
CREATE TRIGGER trg_enterprises_operating_figures_update AFTER UPDATE ON enterprises
    FOR EACH ROW WHEN (OLD.region_path IS DISTINCT FROM NEW.region_path OR OLD.scale_class IS DISTINCT FROM NEW.scale_class)
    EXECUTE FUNCTION enterprises_sync_operating_figures();

CREATE FUNCTION operating_figures_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE operating_region_figures, operating_latest_reports;
    RETURN NULL;
END $$;
CREATE TRIGGER trg_operating_reports_truncate AFTER TRUNCATE ON operating_reports
    FOR EACH STATEMENT EXECUTE FUNCTION operating_figures_truncate();
CREATE TRIGGER trg_enterprises_operating_figures_truncate AFTER TRUNCATE ON enterprises
    FOR EACH STATEMENT EXECUTE FUNCTION operating_figures_truncate();

-- Counts both tables afresh from enterprises and operating_reports (after a bulk load with triggers off); returns the
-- number of region rows.
CREATE FUNCTION operating_figures_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    LOCK TABLE operating_latest_reports, operating_region_figures IN EXCLUSIVE MODE;
    DELETE FROM operating_latest_reports;
    DELETE FROM operating_region_figures;
    INSERT INTO operating_latest_reports
    SELECT DISTINCT ON (r.enterprise_id) r.enterprise_id, r.reported_on, r.operating, r.staff_on_duty, r.usual_staff
    FROM operating_reports r ORDER BY r.enterprise_id, r.reported_on DESC;
    INSERT INTO operating_region_figures
    SELECT e.region_path, e.scale_class, count(*), count(l.enterprise_id), count(*) FILTER (WHERE l.operating),
           coalesce(sum(l.staff_on_duty), 0), coalesce(sum(l.usual_staff), 0)
    FROM enterprises e LEFT JOIN operating_latest_reports l ON l.enterprise_id = e.id
    GROUP BY 1, 2;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;
SELECT operating_figures_rebuild();
