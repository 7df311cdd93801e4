-- 招商台账 schema v9: the 项目库 list at 100k projects (issue 14).
--
-- The list counts and sums 总投资 over every matching project, then shows one page sorted
-- (most often by 总投资). These two indexes hold what the common filters (来源区域, 阶段,
-- 投资规模) and that sort read, for live projects only, so the count and the page are read
-- from them and not from the rows: by 总投资 (no filter, a 投资规模 range, or 阶段 chips:
-- the page is the first entries in order), and by 来源区域 then 阶段 (a region group, with
-- or without 阶段 chips: a short range, sorted).
CREATE INDEX projects_list_investment
    ON projects(total_investment, id, stage, region_group_id) WHERE deleted_at IS NULL;
CREATE INDEX projects_list_region
    ON projects(region_group_id, stage, total_investment, id) WHERE deleted_at IS NULL;
