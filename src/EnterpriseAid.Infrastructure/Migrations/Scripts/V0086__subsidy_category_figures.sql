-- 政策兑现 figures of every application together (ADR-033): the /subsidies page shows, for a user who sees everything,
-- the approved and disbursed money and the enterprises approved, per policy category and in total. Counted live that
-- reads every approved application (172,000 at province scale, a distinct count over them); kept here instead, in
-- the transaction of every change, by the triggers below. The application never writes these tables.
--
-- An application counts when its status is 已批准, 公示中, 公示结束 or 已拨付 (SubsidyQueries.Approved); its category
-- is its programme's policy's. Category '' is every category together.

-- How many counted applications each enterprise holds per category: an enterprise counts once in a category however
-- many it holds, so the per-category enterprise count moves only when this goes 0 → 1 or 1 → 0.
CREATE TABLE subsidy_enterprise_categories (
    enterprise_id bigint      NOT NULL,
    category      varchar(32) NOT NULL,
    applications  integer     NOT NULL,
    CONSTRAINT pk_subsidy_enterprise_categories PRIMARY KEY (enterprise_id, category),
    CONSTRAINT ck_subsidy_enterprise_categories_applications CHECK (applications > 0)
);

CREATE TABLE subsidy_category_figures (
    category    varchar(32)   NOT NULL,
    enterprises integer       NOT NULL,
    approved    numeric(18,2) NOT NULL,
    disbursed   numeric(18,2) NOT NULL,
    CONSTRAINT pk_subsidy_category_figures PRIMARY KEY (category)
);

-- Adds (sign 1) or removes (sign -1) one counted application of an enterprise under each of the categories given.
CREATE FUNCTION subsidy_figures_apply(p_enterprise bigint, p_categories text[], p_sign integer, p_approved numeric, p_disbursed numeric)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    c text;
    n integer;
BEGIN
    FOREACH c IN ARRAY p_categories LOOP
        IF p_sign > 0 THEN
            INSERT INTO subsidy_enterprise_categories AS f (enterprise_id, category, applications) VALUES (p_enterprise, c, 1)
            ON CONFLICT (enterprise_id, category) DO UPDATE SET applications = f.applications + 1
            RETURNING applications INTO n;
        ELSE
            UPDATE subsidy_enterprise_categories SET applications = applications - 1
            WHERE enterprise_id = p_enterprise AND category = c AND applications > 1
            RETURNING applications INTO n;
            IF NOT FOUND THEN
                DELETE FROM subsidy_enterprise_categories WHERE enterprise_id = p_enterprise AND category = c;
                n := 0;
            END IF;
        END IF;
        INSERT INTO subsidy_category_figures AS t (category, enterprises, approved, disbursed)
        VALUES (c, CASE WHEN p_sign > 0 AND n = 1 THEN 1 WHEN p_sign < 0 AND n = 0 THEN -1 ELSE 0 END,
                p_sign * p_approved, p_sign * p_disbursed)
        ON CONFLICT (category) DO UPDATE SET enterprises = t.enterprises + excluded.enterprises,
            approved = t.approved + excluded.approved, disbursed = t.disbursed + excluded.disbursed;
    END LOOP;
END $$;

CREATE FUNCTION subsidy_application_counted(status text) RETURNS boolean LANGUAGE sql IMMUTABLE
    RETURN status IN ('Approved', 'InNotice', 'NoticeEnded', 'Disbursed');

CREATE FUNCTION subsidy_applications_figures() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE cat text;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND subsidy_application_counted(OLD.status) THEN
        SELECT p.category INTO cat FROM subsidy_programs s JOIN policies p ON p.id = s.policy_id WHERE s.id = OLD.program_id;
        PERFORM subsidy_figures_apply(OLD.enterprise_id, ARRAY[cat, ''], -1, coalesce(OLD.approved_amount, 0), coalesce(OLD.disbursed_amount, 0));
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND subsidy_application_counted(NEW.status) THEN
        SELECT p.category INTO cat FROM subsidy_programs s JOIN policies p ON p.id = s.policy_id WHERE s.id = NEW.program_id;
        PERFORM subsidy_figures_apply(NEW.enterprise_id, ARRAY[cat, ''], 1, coalesce(NEW.approved_amount, 0), coalesce(NEW.disbursed_amount, 0));
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER subsidy_applications_figures
    AFTER INSERT OR DELETE OR UPDATE OF status, approved_amount, disbursed_amount, program_id, enterprise_id ON subsidy_applications
    FOR EACH ROW EXECUTE FUNCTION subsidy_applications_figures();

-- A policy moved to another category moves its programmes' counted applications with it (the '' row is unchanged).
CREATE FUNCTION subsidy_policies_figures() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
    FOR r IN SELECT a.enterprise_id, coalesce(a.approved_amount, 0) AS approved, coalesce(a.disbursed_amount, 0) AS disbursed
             FROM subsidy_applications a JOIN subsidy_programs s ON s.id = a.program_id
             WHERE s.policy_id = NEW.id AND subsidy_application_counted(a.status) LOOP
        PERFORM subsidy_figures_apply(r.enterprise_id, ARRAY[OLD.category::text], -1, r.approved, r.disbursed);
        PERFORM subsidy_figures_apply(r.enterprise_id, ARRAY[NEW.category::text], 1, r.approved, r.disbursed);
    END LOOP;
    RETURN NULL;
END $$;

CREATE TRIGGER subsidy_policies_figures
    AFTER UPDATE OF category ON policies
    FOR EACH ROW WHEN (OLD.category IS DISTINCT FROM NEW.category) EXECUTE FUNCTION subsidy_policies_figures();

-- A programme moved to another policy (not something the portal does) would move its applications likewise.
CREATE FUNCTION subsidy_programs_figures() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r record;
    old_cat text;
    new_cat text;
BEGIN
    SELECT category INTO old_cat FROM policies WHERE id = OLD.policy_id;
    SELECT category INTO new_cat FROM policies WHERE id = NEW.policy_id;
    IF old_cat IS NOT DISTINCT FROM new_cat THEN RETURN NULL; END IF;
    FOR r IN SELECT a.enterprise_id, coalesce(a.approved_amount, 0) AS approved, coalesce(a.disbursed_amount, 0) AS disbursed
             FROM subsidy_applications a WHERE a.program_id = NEW.id AND subsidy_application_counted(a.status) LOOP
        PERFORM subsidy_figures_apply(r.enterprise_id, ARRAY[old_cat], -1, r.approved, r.disbursed);
        PERFORM subsidy_figures_apply(r.enterprise_id, ARRAY[new_cat], 1, r.approved, r.disbursed);
    END LOOP;
    RETURN NULL;
END $$;

CREATE TRIGGER subsidy_programs_figures
    AFTER UPDATE OF policy_id ON subsidy_programs
    FOR EACH ROW WHEN (OLD.policy_id IS DISTINCT FROM NEW.policy_id) EXECUTE FUNCTION subsidy_programs_figures();

-- Counts both tables afresh from the applications (after a bulk load with triggers off); returns the categories written.
CREATE FUNCTION subsidy_category_figures_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    LOCK TABLE subsidy_category_figures, subsidy_enterprise_categories IN EXCLUSIVE MODE;
    DELETE FROM subsidy_enterprise_categories;
    DELETE FROM subsidy_category_figures;
    CREATE TEMP TABLE subsidy_counted AS
        SELECT a.enterprise_id, p.category::text AS category, coalesce(a.approved_amount, 0) AS approved, coalesce(a.disbursed_amount, 0) AS disbursed
        FROM subsidy_applications a JOIN subsidy_programs s ON s.id = a.program_id JOIN policies p ON p.id = s.policy_id
        WHERE subsidy_application_counted(a.status);
    INSERT INTO subsidy_enterprise_categories (enterprise_id, category, applications)
        SELECT enterprise_id, coalesce(category, ''), count(*) FROM subsidy_counted
        GROUP BY GROUPING SETS ((enterprise_id, category), (enterprise_id));
    INSERT INTO subsidy_category_figures (category, enterprises, approved, disbursed)
        SELECT coalesce(category, ''), count(DISTINCT enterprise_id), coalesce(sum(approved), 0), coalesce(sum(disbursed), 0) FROM subsidy_counted
        GROUP BY GROUPING SETS ((category), ());
    GET DIAGNOSTICS n = ROW_COUNT;
    DROP TABLE subsidy_counted;
    RETURN n;
END $$;
SELECT subsidy_category_figures_rebuild();
