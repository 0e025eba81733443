-- RPMA schema level 14: searches and the jobs list stay fast on a head office's million jobs.
--
-- * The jobs' search index answers prefixes up to 8 characters from a prefix index of their own
--   (was up to 4). A job number is searched as typed: `20260` used to merge every day of the
--   year's term (55 ms on 1,000,000 jobs); from its own prefix index it is one short list
--   (0.3 ms). The index grows by about 40 %. It is rebuilt from the jobs here, with the same
--   contents as its triggers (migration 0004) write.
-- * `job_tallies` counts the live jobs per status, technician and bay, kept by triggers on
--   `jobs`: the jobs list's total for those filters is a sum of a few rows instead of a walk of
--   every live job (50 ms on 1,000,000 jobs). Derived data, local to each terminal (it is kept
--   by the same triggers when changes of other terminals are applied).

DROP TABLE jobs_fts;
CREATE VIRTUAL TABLE jobs_fts USING fts5 (
    number, plate, client,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3 4 5 6 7 8'
);
INSERT INTO jobs_fts (rowid, number, plate, client)
SELECT j.rid, j.number,
       v.plate || ' ' || v.plate_key,
       CASE WHEN c.kind = 'business' THEN coalesce(c.company_name, '') || ' ' ELSE '' END || c.name
FROM jobs j JOIN vehicles v ON v.id = j.vehicle_id JOIN clients c ON c.id = j.client_id;
INSERT INTO jobs_fts (jobs_fts) VALUES ('optimize');

CREATE TABLE job_tallies (
    status        TEXT NOT NULL,
    technician_id TEXT NOT NULL,   -- '' for no technician
    bay           TEXT NOT NULL,
    n             INTEGER NOT NULL,
    PRIMARY KEY (status, technician_id, bay)
) WITHOUT ROWID;
INSERT INTO job_tallies (status, technician_id, bay, n)
SELECT status, coalesce(technician_id, ''), bay, count(*) FROM jobs
WHERE deleted_at IS NULL GROUP BY 1, 2, 3;

CREATE TRIGGER job_tallies_ai AFTER INSERT ON jobs WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO job_tallies (status, technician_id, bay, n)
    VALUES (new.status, coalesce(new.technician_id, ''), new.bay, 1)
    ON CONFLICT (status, technician_id, bay) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER job_tallies_ad AFTER DELETE ON jobs WHEN old.deleted_at IS NULL BEGIN
    UPDATE job_tallies SET n = n - 1
    WHERE status = old.status AND technician_id = coalesce(old.technician_id, '')
      AND bay = old.bay;
END;
CREATE TRIGGER job_tallies_au AFTER UPDATE OF status, technician_id, bay, deleted_at ON jobs
BEGIN
    UPDATE job_tallies SET n = n - 1
    WHERE old.deleted_at IS NULL AND status = old.status
      AND technician_id = coalesce(old.technician_id, '') AND bay = old.bay;
    INSERT INTO job_tallies (status, technician_id, bay, n)
    SELECT new.status, coalesce(new.technician_id, ''), new.bay, 1 WHERE new.deleted_at IS NULL
    ON CONFLICT (status, technician_id, bay) DO UPDATE SET n = n + 1;
END;
