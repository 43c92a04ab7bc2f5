-- The problem list filtered by an open status or by a 预警 colour, and 我的待办's overdue counts, read the open problems
-- (a few percent of all, scattered over the heap): ix_problems_open_deadline found them but visited the table for each
-- (39,704 pages for the province's 37,000 problems in progress). The 预警 colours are deadline ranges and a reopen count
-- (ADR-031), so with the status, the deadline, the reopen count and the counted columns in one partial index the list's
-- figures and the task counts are index-only scans (90 ms → 6–14 ms at province scale, docs/performance.md).
CREATE INDEX ix_problems_open_status_deadline_figures ON problems (status, deadline)
    INCLUDE (reopen_count, dispatched_at, resolved_by_deadline, resolved_on_spot, satisfaction)
    WHERE status IN ('Reported', 'Assigned', 'InProgress');
