-- Data the HTTP benchmark needs on top of the generated province (scripts/bench-http.sh; docs/performance.md):
-- two accounts that can sign in (a district supervisor for /problems, an enterprise user for /portal/subsidies)
-- and ~200k subsidy applications over 40 programmes with their timelines. Idempotent: runs again without harm.
-- psql variables: hash (the Identity hash of the benchmark password).
\set ON_ERROR_STOP on

-- The district supervisor of the district with the most problems.
WITH d AS (
    SELECT o.id FROM org_units o JOIN problems p ON p.region_path LIKE o.path || '%'
    WHERE o.kind = 'District' GROUP BY o.id ORDER BY count(*) DESC, o.id LIMIT 1)
UPDATE users u SET password_hash = :'hash', lockout_end = NULL, access_failed_count = 0
FROM d, user_roles ur, roles r
WHERE u.org_unit_id = d.id AND ur.user_id = u.id AND r.id = ur.role_id AND r.name = 'Supervisor';

-- 40 programmes under 40 policies of the city roots (one batch each), some open today.
INSERT INTO policies (title, document_no, issuing_department_id, region_id, category, effective_from, clauses, implementing_rules,
                      mian_shen_ji_xiang, eligible_scale_classes, eligible_industry_sections, eligible_tags, eligible_town_ids,
                      search_text, created_at, updated_at)
SELECT '压测政策' || g, '压测〔2026〕' || g || '号', dept.id, city.id, 'Fiscal', date '2026-01-01', ARRAY['条款'], ARRAY['细则'],
       false, '{}', '{}', '{}', '{}', '压测政策' || g, now(), now()
FROM generate_series(1, 40) g
CROSS JOIN LATERAL (SELECT id, path FROM org_units WHERE parent_id IS NULL ORDER BY id OFFSET (g % 15) LIMIT 1) city
CROSS JOIN LATERAL (SELECT id FROM org_units WHERE kind = 'Department' AND path LIKE city.path || '%' ORDER BY id LIMIT 1) dept
WHERE NOT EXISTS (SELECT 1 FROM policies WHERE title LIKE '压测政策%');

INSERT INTO subsidy_programs (policy_id, region_id, name, batch, budget, approved_total, apply_from, apply_to, mian_shen_ji_xiang,
                              standard_amount, notice_days, stage, notice_from, notice_to, created_at, created_by_user_id)
SELECT p.id, p.region_id, '压测兑现项目' || p.id, '2026年第' || (p.id % 4 + 1) || '批', 900000000, 0, date '2026-01-01', date '2026-12-31',
       false, NULL, 7, CASE WHEN p.id % 3 = 0 THEN 'InNotice' ELSE 'Open' END,
       CASE WHEN p.id % 3 = 0 THEN date '2026-12-01' END, CASE WHEN p.id % 3 = 0 THEN date '2026-12-08' END, now(), 1
FROM policies p WHERE p.title LIKE '压测政策%'
  AND NOT EXISTS (SELECT 1 FROM subsidy_programs WHERE name LIKE '压测兑现项目%');

-- ~200k applications from enterprises of each programme's city; the benchmark enterprise (the first enterprise
-- of the first city) applies to eight programmes of its city.
INSERT INTO subsidy_applications (program_id, enterprise_id, status, requested_amount, approved_amount, automatic, created_at, updated_at)
SELECT s.id, e.id,
       CASE (e.id % 5) WHEN 0 THEN 'Submitted' WHEN 1 THEN 'Approved' WHEN 2 THEN 'Rejected' ELSE
           CASE WHEN s.stage = 'InNotice' THEN 'InNotice' ELSE 'Approved' END END,
       100000, CASE WHEN e.id % 5 IN (1, 3, 4) THEN 80000 END, false, now() - interval '30 days', now() - interval '30 days'
FROM subsidy_programs s
JOIN org_units c ON c.id = s.region_id
CROSS JOIN LATERAL (SELECT id FROM enterprises WHERE region_path LIKE c.path || '%' AND id % 8 = s.id % 8 ORDER BY id LIMIT 5000) e
WHERE s.name LIKE '压测兑现项目%'
ON CONFLICT (program_id, enterprise_id) DO NOTHING;

-- The benchmark enterprise (the register's first) applied to eight programmes: a portal page of some length.
INSERT INTO subsidy_applications (program_id, enterprise_id, status, requested_amount, approved_amount, automatic, created_at, updated_at)
SELECT s.id, (SELECT min(id) FROM enterprises), (ARRAY['Submitted', 'Approved', 'Rejected', 'Approved'])[s.rn % 4 + 1], 100000,
       CASE WHEN s.rn % 2 = 1 THEN 80000 END, false, now() - interval '30 days', now() - interval '30 days'
FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM subsidy_programs WHERE name LIKE '压测兑现项目%' ORDER BY id LIMIT 8) s
ON CONFLICT (program_id, enterprise_id) DO NOTHING;

INSERT INTO subsidy_events (application_id, kind, at, actor_user_id, actor_name, amount, text)
SELECT a.id, k.kind, a.created_at + k.n * interval '2 days', NULL, '压测', CASE WHEN k.kind = 'Approved' THEN a.approved_amount ELSE a.requested_amount END,
       CASE WHEN k.kind = 'Rejected' THEN '材料不全' END
FROM subsidy_applications a
CROSS JOIN LATERAL (VALUES (0, 'Submitted'), (1, CASE a.status WHEN 'Rejected' THEN 'Rejected' WHEN 'Submitted' THEN NULL ELSE 'Approved' END),
                           (2, CASE a.status WHEN 'InNotice' THEN 'NoticeStarted' END)) k(n, kind)
WHERE k.kind IS NOT NULL AND NOT EXISTS (SELECT 1 FROM subsidy_events ev WHERE ev.application_id = a.id);

-- The enterprise user of the benchmark enterprise.
SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users));
WITH firm AS (SELECT min(id) AS id FROM enterprises),
     created AS (
    INSERT INTO users (display_name, enterprise_id, is_disabled, created_at, user_name, normalized_user_name, email_confirmed, password_hash,
                       security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
    SELECT '压测企业用户', firm.id, false, now(), 'benchfirm', 'BENCHFIRM', false, :'hash', 'bench-firm', 'bench-firm', false, false, true, 0
    FROM firm WHERE NOT EXISTS (SELECT 1 FROM users WHERE user_name = 'benchfirm')
    RETURNING id)
INSERT INTO user_roles (user_id, role_id) SELECT created.id, r.id FROM created, roles r WHERE r.name = 'Enterprise';
UPDATE users SET password_hash = :'hash', lockout_end = NULL, access_failed_count = 0 WHERE user_name = 'benchfirm';
ANALYZE subsidy_applications; ANALYZE subsidy_events; ANALYZE subsidy_programs; ANALYZE users;

-- What scripts/bench-http.sh signs in with.
\pset tuples_only on
\pset format unaligned
SELECT 'supervisor=' || u.user_name FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
WHERE r.name = 'Supervisor' AND u.password_hash = :'hash' ORDER BY u.id LIMIT 1;
SELECT 'enterprise=' || user_name FROM users WHERE user_name = 'benchfirm';
