-- 历史导入 (ADR-027): the key of the ledger row a problem came from — its original number, or the enterprise's code,
-- the registration date and a hash of the description — so that importing the same ledger again creates nothing.
ALTER TABLE problems ADD COLUMN import_key character varying(80);
CREATE UNIQUE INDEX ix_problems_import_key ON problems (import_key) WHERE import_key IS NOT NULL;
