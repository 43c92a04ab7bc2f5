-- Figures of the dashboard for the widest scopes (the whole portal, each city) and the standard periods,
-- computed by a background job every few minutes (ADR-016): at province scale a year of a whole city
-- or province is hundreds of thousands of rows, which no index counts within the dashboard's 50 ms.
-- One row per figure set: payload is the JSON of what the live query returns, kept as text because it
-- is only ever read whole (jsonb would be converted back to text on every read).
CREATE TABLE dashboard_snapshots (
    key         varchar(200) NOT NULL,
    computed_at timestamp with time zone NOT NULL,
    payload     text         NOT NULL,
    CONSTRAINT pk_dashboard_snapshots PRIMARY KEY (key)
);
CREATE INDEX ix_dashboard_snapshots_computed_at ON dashboard_snapshots (computed_at);
