-- 三个一批 figures per batch (ADR-033): besides the projects themselves, the list's figures sum each project's monthly
-- investment reports (129,000 at province scale) and count its procedures (120,000). Both are kept here per project
-- (and year), in the transaction of every change, by the triggers below. The application never writes these tables;
-- they carry no scope of their own and are only ever joined to the projects a user sees.

-- A project's procedures and how many of them are done (status 2, ProcedureStatus.Done); no row when it has none.
CREATE TABLE project_procedure_counts (
    project_id bigint  NOT NULL,
    procedures integer NOT NULL,
    done       integer NOT NULL,
    CONSTRAINT pk_project_procedure_counts PRIMARY KEY (project_id)
);

-- A project's reported investment of one calendar year and how many monthly reports made it; no row when none.
CREATE TABLE project_investment_years (
    project_id bigint        NOT NULL,
    year       integer       NOT NULL,
    amount     numeric(18,2) NOT NULL,
    reports    integer       NOT NULL,
    CONSTRAINT pk_project_investment_years PRIMARY KEY (project_id, year)
);
-- "Is any month of the as-of year reported beyond the as-of month?" (then the figures are counted from the reports).
CREATE INDEX ix_project_investment_reports_month ON project_investment_reports (month);

-- Changes are applied as differences (never recounted), so concurrent changes to one project add up.
CREATE FUNCTION project_procedure_counts_add(p_project bigint, p_procedures integer, p_done integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO project_procedure_counts AS c (project_id, procedures, done) VALUES (p_project, p_procedures, p_done)
    ON CONFLICT (project_id) DO UPDATE SET procedures = c.procedures + excluded.procedures, done = c.done + excluded.done;
    DELETE FROM project_procedure_counts WHERE project_id = p_project AND procedures = 0;
END $$;

CREATE FUNCTION project_investment_years_add(p_project bigint, p_month date, p_amount numeric, p_reports integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE y integer := extract(year FROM p_month)::integer;
BEGIN
    INSERT INTO project_investment_years AS i (project_id, year, amount, reports) VALUES (p_project, y, p_amount, p_reports)
    ON CONFLICT (project_id, year) DO UPDATE SET amount = i.amount + excluded.amount, reports = i.reports + excluded.reports;
    DELETE FROM project_investment_years WHERE project_id = p_project AND year = y AND reports = 0;
END $$;

CREATE FUNCTION project_procedures_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM project_procedure_counts_add(OLD.project_id, -1, CASE WHEN OLD.status = 2 THEN -1 ELSE 0 END);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM project_procedure_counts_add(NEW.project_id, 1, CASE WHEN NEW.status = 2 THEN 1 ELSE 0 END);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER project_procedures_rollup
    AFTER INSERT OR DELETE OR UPDATE OF status, project_id ON project_procedures
    FOR EACH ROW EXECUTE FUNCTION project_procedures_rollup();

CREATE FUNCTION project_investment_reports_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM project_investment_years_add(OLD.project_id, OLD.month, -OLD.amount, -1); END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM project_investment_years_add(NEW.project_id, NEW.month, NEW.amount, 1); END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER project_investment_reports_rollup
    AFTER INSERT OR DELETE OR UPDATE OF amount, month, project_id ON project_investment_reports
    FOR EACH ROW EXECUTE FUNCTION project_investment_reports_rollup();

-- Counts both tables afresh (after a bulk load with triggers off); returns the rows written.
CREATE FUNCTION project_figure_rollups_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
    m bigint;
BEGIN
    LOCK TABLE project_procedure_counts, project_investment_years IN EXCLUSIVE MODE;
    DELETE FROM project_procedure_counts;
    DELETE FROM project_investment_years;
    INSERT INTO project_procedure_counts (project_id, procedures, done)
        SELECT project_id, count(*), count(*) FILTER (WHERE status = 2) FROM project_procedures GROUP BY project_id;
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO project_investment_years (project_id, year, amount, reports)
        SELECT project_id, extract(year FROM month)::integer, sum(amount), count(*) FROM project_investment_reports GROUP BY 1, 2;
    GET DIAGNOSTICS m = ROW_COUNT;
    RETURN n + m;
END $$;
SELECT project_figure_rollups_rebuild();
