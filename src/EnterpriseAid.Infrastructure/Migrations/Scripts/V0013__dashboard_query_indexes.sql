-- Indexes the province-scale benchmark showed the dashboard-type queries need (docs/performance.md).
--
-- Open problems (登记, 已交办, 办理中) are a few percent of all problems, and every overdue count,
-- flag list and 我的待办 list reads only them. ix_problems_deadline (status <> 'Closed') also holds
-- every resolved problem, which at province scale is most of what it returns and then throws away.
CREATE INDEX ix_problems_open_deadline ON problems (deadline) WHERE status IN ('Reported', 'Assigned', 'InProgress');

-- The problem list and figures filtered by category over a period.
CREATE INDEX ix_problems_category_created_at ON problems (category, created_at);
