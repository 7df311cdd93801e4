-- 招商台账 schema v5: a company's registration details, as a 企业名录 lists them.
--
-- 法定代表人, 注册资本 (integer 元, like every amount in the ledger: 总投资, 增资), 地址
-- (注册地址 / 企业地址 / 住所) and 经营范围. All optional: companies recorded before keep NULL
-- until someone fills them in or imports a directory that has them. They are ordinary fields of
-- the row: logged, undone and exchanged in sync bundles like 联系人 and 联系电话.
ALTER TABLE companies ADD COLUMN legal_representative TEXT;
ALTER TABLE companies ADD COLUMN registered_capital INTEGER CHECK (registered_capital >= 0);
ALTER TABLE companies ADD COLUMN address TEXT;
ALTER TABLE companies ADD COLUMN business_scope TEXT;
