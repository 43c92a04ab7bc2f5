-- The 督办 list of flagged problems in its own order (docs/performance.md, ADR-024).
--
-- The list (and its counts per colour) joined every stored flag (problem_flags, kept by the escalation job) with its
-- problem to keep the open ones and sort them red first, then by deadline: 40,000 problem rows read for the 20
-- shown. flagged_problems holds, per stored flag, what the list filters and sorts on — the colour and its rank,
-- whether the problem is open, its deadline, registration instant, region and lead department — so the list is
-- one range of a partial index. The database keeps it from problem_flags and problems; the application never
-- writes it. problem_flags itself is not widened: the job's row versions (xmin) on it must not change when a user
-- acts on a problem.

CREATE TABLE flagged_problems (
    problem_id         bigint       NOT NULL,
    flag               varchar(8)   NOT NULL,
    -- 0 red, 1 yellow, 2 blue: the list's order
    flag_rank          smallint     NOT NULL,
    since              timestamptz  NOT NULL,
    is_open            boolean      NOT NULL,
    deadline           date,
    created_at         timestamptz  NOT NULL,
    region_path        varchar(400) NOT NULL,
    lead_department_id bigint,
    CONSTRAINT pk_flagged_problems PRIMARY KEY (problem_id),
    CONSTRAINT fk_flagged_problems_problem_flags_problem_id FOREIGN KEY (problem_id) REFERENCES problem_flags (problem_id) ON DELETE CASCADE
);
CREATE INDEX ix_flagged_problems_flag_rank_deadline_problem_id ON flagged_problems (flag_rank, deadline, problem_id) WHERE is_open;
CREATE INDEX ix_flagged_problems_region_path_flag_rank_deadline ON flagged_problems (region_path varchar_pattern_ops, flag_rank, deadline)
    WHERE is_open;
CREATE INDEX ix_flagged_problems_lead_department_id_flag_rank_deadline ON flagged_problems (lead_department_id, flag_rank, deadline)
    WHERE is_open;
CREATE INDEX ix_flagged_problems_created_at ON flagged_problems (created_at) WHERE is_open;

-- Rewrites the rows of the given problems (all when null) from problem_flags and problems.
CREATE FUNCTION flagged_problems_sync(problem_ids bigint[]) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    IF problem_ids IS NULL THEN
        DELETE FROM flagged_problems;
    ELSE
        DELETE FROM flagged_problems WHERE problem_id = ANY (problem_ids);
    END IF;
    INSERT INTO flagged_problems (problem_id, flag, flag_rank, since, is_open, deadline, created_at, region_path, lead_department_id)
    SELECT f.problem_id, f.flag, CASE f.flag WHEN 'Red' THEN 0 WHEN 'Yellow' THEN 1 ELSE 2 END, f.since,
           p.status IN ('Reported', 'Assigned', 'InProgress'), p.deadline, p.created_at, p.region_path, p.lead_department_id
    FROM problem_flags f JOIN problems p ON p.id = f.problem_id
    WHERE problem_ids IS NULL OR f.problem_id = ANY (problem_ids);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;
SELECT flagged_problems_sync(NULL);

-- A flag raised, changed or cleared by the job (a cleared one goes with its row: the foreign key cascades).
CREATE FUNCTION problem_flags_sync_list() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM flagged_problems_sync(ARRAY[NEW.problem_id]);
    RETURN NULL;
END $$;
CREATE TRIGGER trg_problem_flags_list AFTER INSERT OR UPDATE OF flag, since ON problem_flags
    FOR EACH ROW EXECUTE FUNCTION problem_flags_sync_list();

-- A flagged problem resolved, reopened, given a new deadline or lead, or moved with its enterprise.
CREATE FUNCTION problems_sync_flagged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE flagged_problems
    SET is_open = NEW.status IN ('Reported', 'Assigned', 'InProgress'), deadline = NEW.deadline, created_at = NEW.created_at,
        region_path = NEW.region_path, lead_department_id = NEW.lead_department_id
    WHERE problem_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER trg_problems_flagged AFTER UPDATE OF status, deadline, created_at, region_path, lead_department_id ON problems
    FOR EACH ROW WHEN ((OLD.status, OLD.deadline, OLD.created_at, OLD.region_path, OLD.lead_department_id)
                       IS DISTINCT FROM (NEW.status, NEW.deadline, NEW.created_at, NEW.region_path, NEW.lead_department_id))
    EXECUTE FUNCTION problems_sync_flagged();
