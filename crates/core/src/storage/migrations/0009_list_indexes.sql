-- 招商台账 schema v9: the 项目库 list at 100k projects (issue 14).
--
-- The list counts and sums 总投资 over every matching project, then shows one page sorted
-- (most often by 总投资). These two indexes hold what the common filters (来源区域, 阶段,
-- 投资规模, live rows) and that sort read, so the count and the page are read from them and
-- not from the rows: by 总投资 (no filter, a 投资规模 range, or 阶段 chips: the page is the
-- first entries in order), and by 来源区域 then 阶段 (a region group, with or without 阶段
-- chips: a short range, sorted).
--
-- Not partial (WHERE deleted_at IS NULL): SQLite then chose such an index for every read of
-- the live projects, even one needing the whole rows, and read them in the index's order
-- (2 to 4 times slower than reading the table). deleted_at is their last column instead.
CREATE INDEX projects_list_investment
    ON projects(total_investment, id, stage, region_group_id, deleted_at);
CREATE INDEX projects_list_region
    ON projects(region_group_id, stage, total_investment, id, deleted_at);
