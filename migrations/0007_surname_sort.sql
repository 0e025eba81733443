-- RPMA schema level 6: people sort by surname.
--
-- Names are typed as people say them, first name first ("Camille Vasseur"); lists of people sort
-- on the surname, taken as the last word of the name (a hyphenated surname is one word), then on
-- the whole name. `rpma_core::people::sort_key` is the same rule in Rust (a unit test holds the
-- two together). Businesses sort on their company name.

ALTER TABLE clients ADD COLUMN surname_key TEXT GENERATED ALWAYS AS (
    CASE WHEN kind = 'business' THEN company_name
         ELSE substr(trim(name), length(rtrim(trim(name), replace(trim(name), ' ', ''))) + 1)
              || ' ' || trim(name)
    END) VIRTUAL;
CREATE INDEX clients_surname ON clients (deleted_at, surname_key COLLATE NOCASE);
-- The jobs list sorted by client walks this one (trashed clients' jobs are listed too).
CREATE INDEX clients_surname_nocase ON clients (surname_key COLLATE NOCASE);

ALTER TABLE users ADD COLUMN surname_key TEXT GENERATED ALWAYS AS (
    substr(trim(display_name),
           length(rtrim(trim(display_name), replace(trim(display_name), ' ', ''))) + 1)
    || ' ' || trim(display_name)) VIRTUAL;
