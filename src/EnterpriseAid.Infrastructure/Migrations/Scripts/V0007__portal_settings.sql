-- Settings an administrator changes on /admin/settings without a deployment: one row per key, the
-- value as text, parsed and bounded by the code that reads it (xmin guards concurrent edits).

CREATE TABLE portal_settings (
    key character varying(64) NOT NULL,
    value character varying(200) NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_portal_settings PRIMARY KEY (key)
);

-- 走访目标: visits each enterprise should receive per quarter (1–30), compared with the visits
-- logged on the coverage page. The row exists from here on, so every edit has a version to check.
INSERT INTO portal_settings (key, value, updated_at) VALUES ('coverage.visits_per_quarter', '1', now());
