-- Data the HTTP benchmark needs on top of the generated province (scripts/bench-http.sh; docs/performance.md):
-- two accounts that can sign in (a district supervisor for /problems, an enterprise user for /portal/subsidies).
-- The subsidy programmes, applications and their timelines are the generator's. Idempotent: runs again without harm.
-- psql variables: hash (the Identity hash of the benchmark password).
\set ON_ERROR_STOP on

-- The district supervisor of the district with the most problems.
WITH d AS (
    SELECT o.id FROM org_units o JOIN problems p ON p.region_path LIKE o.path || '%'
    WHERE o.kind = 'District' GROUP BY o.id ORDER BY count(*) DESC, o.id LIMIT 1)
UPDATE users u SET password_hash = :'hash', lockout_end = NULL, access_failed_count = 0
FROM d, user_roles ur, roles r
WHERE u.org_unit_id = d.id AND ur.user_id = u.id AND r.id = ur.role_id AND r.name = 'Supervisor';

-- The enterprise user of the benchmark enterprise: the one with the most subsidy applications (a portal page of some
-- length), the lowest id among equals.
SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users));
WITH firm AS (SELECT enterprise_id AS id FROM subsidy_applications GROUP BY enterprise_id ORDER BY count(*) DESC, enterprise_id LIMIT 1),
     created AS (
    INSERT INTO users (display_name, enterprise_id, is_disabled, created_at, user_name, normalized_user_name, email_confirmed, password_hash,
                       security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
    SELECT '压测企业用户', firm.id, false, now(), 'benchfirm', 'BENCHFIRM', false, :'hash', 'bench-firm', 'bench-firm', false, false, true, 0
    FROM firm WHERE NOT EXISTS (SELECT 1 FROM users WHERE user_name = 'benchfirm')
    RETURNING id)
INSERT INTO user_roles (user_id, role_id) SELECT created.id, r.id FROM created, roles r WHERE r.name = 'Enterprise';
UPDATE users SET password_hash = :'hash', lockout_end = NULL, access_failed_count = 0 WHERE user_name = 'benchfirm';
ANALYZE users; ANALYZE user_roles;

-- What scripts/bench-http.sh signs in with.
\pset tuples_only on
\pset format unaligned
SELECT 'supervisor=' || u.user_name FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
WHERE r.name = 'Supervisor' AND u.password_hash = :'hash' ORDER BY u.id LIMIT 1;
SELECT 'enterprise=' || user_name FROM users WHERE user_name = 'benchfirm';
