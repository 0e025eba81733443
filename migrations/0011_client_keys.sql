-- RPMA schema level 11: one key per client for the personal values of its audit entries
-- (crypto-shredding, crates/core/src/personal.rs).
--
-- The audit log is append-only and hash-chained, so a value written there cannot be removed. The
-- personal values of entries about a client (its name, e-mail, phone, address, notes, the
-- signatory of its interventions…) are therefore stored encrypted with this client's key; erasing
-- the client (GDPR) destroys the key (`key` set to NULL), which leaves the ciphertext unreadable
-- while every entry, and so the chain, stays as it was. Synced per field, so that every terminal
-- can read the values and the erasure reaches every terminal.

CREATE TABLE client_keys (
    client_id  TEXT PRIMARY KEY NOT NULL REFERENCES clients(id),
    key        TEXT,                         -- 32 random bytes as hex; NULL once erased
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    erased_at  INTEGER,
    CHECK (key IS NULL OR length(key) = 64)
);
