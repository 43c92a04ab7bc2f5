-- Indexes for the register's filters and the user list at province scale (docs/performance.md, issue 8).
--
-- The register (企业名录) filtered by scale class or industry section counted its matches with a sequential scan of all
-- 500,000 enterprises (44 ms for one scale class); with the class (or section) first and the region path second, the
-- count is an index range for the province and for a region alike.
CREATE INDEX ix_enterprises_scale_class_region_path ON enterprises (scale_class, region_path varchar_pattern_ops);
CREATE INDEX ix_enterprises_industry_section_region_path ON enterprises (industry_section, region_path varchar_pattern_ops);

-- The user list is in user-name order: its first page sorted all 151,276 users (37 ms); now it reads 21 index entries.
CREATE INDEX ix_users_user_name_id ON users (user_name, id);
