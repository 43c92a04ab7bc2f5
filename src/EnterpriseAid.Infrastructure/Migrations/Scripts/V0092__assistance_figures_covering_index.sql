-- 要素保障 totals of a period from the index alone (docs/performance.md, issue 8).
--
-- The totals per kind (records, distinct enterprises, amounts, jobs, land) of a period read every record of the period
-- through the heap: 44,797 buffers for the province's year (50,000 records). With the counted columns included, the
-- period's range is an index-only scan (≈ 800 buffers); what remains is grouping them. It replaces the plain index on
-- the delivery day, which it serves as well.
DROP INDEX ix_assistance_records_delivered_on;
CREATE INDEX ix_assistance_records_delivered_on_totals ON assistance_records (delivered_on)
    INCLUDE (kind, enterprise_id, amount_yuan, job_postings, job_matches, land_mu);
