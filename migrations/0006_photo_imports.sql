-- The watched import folder (`<data>/import`): which intervention it feeds on this terminal, and
-- every file taken from it. A file is recorded here, in the same transaction as its attachment,
-- before it is moved out of the folder; the move happens after the commit and is recorded in turn.
-- A crash between the two leaves a row with `moved_at` NULL, which the next start finishes (the
-- file is moved, never attached twice).

-- The intervention the folder feeds: one row ('terminal') per data folder. Set when someone who
-- may work on an intervention opens it here; its photos are then added in that person's name,
-- even when the screen shows something else or nobody is signed in.
CREATE TABLE photo_import_targets (
    id              TEXT PRIMARY KEY NOT NULL,
    intervention_id TEXT NOT NULL REFERENCES interventions(id),
    user_id         TEXT NOT NULL REFERENCES users(id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    deleted_at      INTEGER,
    deleted_by      TEXT REFERENCES users(id)
);

CREATE TABLE photo_imports (
    id              TEXT PRIMARY KEY NOT NULL,
    source_name     TEXT NOT NULL,                 -- the file's name in the import folder
    sha256          TEXT NOT NULL REFERENCES photos(sha256),
    bytes           INTEGER NOT NULL,
    intervention_id TEXT NOT NULL REFERENCES interventions(id),
    step            INTEGER NOT NULL CHECK (step >= 0),
    photo_id        TEXT NOT NULL REFERENCES intervention_photos(id),
    user_id         TEXT REFERENCES users(id),     -- in whose name it was attached
    moved_to        TEXT NOT NULL,                 -- its name under import/imported/ (never overwritten)
    moved_at        INTEGER,                       -- NULL until the file has left the folder
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    deleted_at      INTEGER,
    deleted_by      TEXT REFERENCES users(id)
);
-- Files recorded but not moved yet (start-up reconciliation, and the same file seen again).
CREATE INDEX photo_imports_unmoved ON photo_imports (source_name, sha256) WHERE moved_at IS NULL;
CREATE INDEX photo_imports_iv ON photo_imports (intervention_id, created_at);

-- Built-in templates: the shot "Avant 3/4" read like the phase "Avant" (before). The named shots
-- become "Vue 3/4 avant" etc. Only a label still exactly as it was seeded changes (same id, same
-- French and English text): a label an admin edited is left alone. Copies made by admins are
-- theirs and are not touched.
UPDATE workflow_templates
SET steps = replace(replace(replace(replace(steps,
        '{"id":"front_34","label":{"fr":"Avant 3/4","en":"Front 3/4"}',
        '{"id":"front_34","label":{"fr":"Vue 3/4 avant","en":"Front 3/4 view"}'),
        '{"id":"rear_34","label":{"fr":"Arrière 3/4","en":"Rear 3/4"}',
        '{"id":"rear_34","label":{"fr":"Vue 3/4 arrière","en":"Rear 3/4 view"}'),
        '{"id":"front_34_after","label":{"fr":"Avant 3/4 (après)","en":"Front 3/4 (after)"}',
        '{"id":"front_34_after","label":{"fr":"Vue 3/4 avant (livraison)","en":"Front 3/4 view (handover)"}'),
        '{"id":"rear_34_after","label":{"fr":"Arrière 3/4 (après)","en":"Rear 3/4 (after)"}',
        '{"id":"rear_34_after","label":{"fr":"Vue 3/4 arrière (livraison)","en":"Rear 3/4 view (handover)"}')
WHERE id IN ('tpl-standard', 'tpl-express');
