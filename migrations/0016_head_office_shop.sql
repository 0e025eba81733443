-- RPMA schema level 16: at a chain's head office, each job and each shop's organisation row knows
-- its shop, so the jobs list and the calendar can show one shop.
--
-- * `jobs.shop_id`, `organisation.shop_id`: the hub's id of the shop the row came from. Local
--   columns (never captured nor applied, `sync_policy::TABLES`): NULL at a shop terminal and for
--   what the head office makes itself; filled by the head office's pull as each change is applied
--   (the hub says each change's shop), and for rows pulled before this level, once, from the
--   terminal that inserted them (`sync_versions`) and the hub's terminals list
--   (`sync::head_office::tag_shops`).
-- * `jobs_shop_schedule`: one shop's month in the calendar is a range of this index. Not partial:
--   the jobs still to tag (`shop_id IS NULL`) are found from it too.

ALTER TABLE jobs ADD COLUMN shop_id TEXT;
ALTER TABLE organisation ADD COLUMN shop_id TEXT;
CREATE INDEX jobs_shop_schedule ON jobs (shop_id, scheduled_start);
