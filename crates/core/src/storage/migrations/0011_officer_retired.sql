-- 离岗/退休: an officer who left keeps his history and his place in past reports, but pickers
-- no longer offer him. NULL while he is on the staff.
ALTER TABLE officers ADD COLUMN retired_on TEXT;
