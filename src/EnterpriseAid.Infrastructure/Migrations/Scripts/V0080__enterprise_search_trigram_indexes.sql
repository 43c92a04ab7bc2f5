-- 企业库 search (/enterprises?q=…) matches name LIKE '%词%' OR uscc LIKE 'X%'. Without an index on either side of
-- the OR every search read the whole table: 0.2 s to count and 0.5 s for the first page at province scale
-- (docs/performance.md). Trigram indexes (pg_trgm, V0020) serve both sides for three characters or more.
CREATE INDEX ix_enterprises_name_trgm ON enterprises USING gin (name gin_trgm_ops);
CREATE INDEX ix_enterprises_uscc_trgm ON enterprises USING gin (uscc gin_trgm_ops);
