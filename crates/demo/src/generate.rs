//! Deterministic generator of a shop's planning data: clients (French names, some businesses),
//! vehicles, and jobs spread over the past months and the next ones, in every status, with
//! their zones, status histories that replay through the status machine, notes and checklists.
//!
//! The demo shop (`--demo`) uses it at a small scale (300 clients, 400 vehicles, 1,200 jobs,
//! within business hours);
//! the bench generator (`rpma bench generate`) at a large one (50,000 clients, 100,000 jobs).
//! Rows are written with the seeder's prepared inserts ([`SeedTx::insert`]) in the caller's
//! transaction; the change capture and the FTS5 triggers see them like any other write.

use rpma_core::ids::UserId;
use std::collections::HashMap;

use chrono::{NaiveDate, TimeZone as _};
use rand::{Rng as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;
use rusqlite::params;

use rpma_core::error::CoreResult;
use rpma_core::format::Tz;
use rpma_core::seed::SeedTx;
use slots::{DaySlots, day_hours};

mod slots;
mod words;

use words::{
    CANCEL_REASONS, CITIES, COLOURS, COMPANY_KIND, COMPANY_NAME, FILMS, FIRST, HOLD_REASONS, LAST,
    MODELS, NOTES, STREETS, TAGS, ZONE_SETS, gen_id, pick, plate, s, siret, vin,
};

/// How big a shop to make.
#[derive(Debug, Clone)]
pub struct ShopSize {
    /// Clients.
    pub clients: usize,
    /// Vehicles (every client gets one first, the rest go to random clients).
    pub vehicles: usize,
    /// Jobs.
    pub jobs: usize,
    /// Days of history before `now`.
    pub past_days: i64,
    /// Days planned after `now`.
    pub future_days: i64,
    /// Plan within the shop's business hours (the demo); the bench ignores them to reach its
    /// size with two technicians. A full day sends its remaining jobs to the next days.
    pub within_hours: bool,
    /// Shops of a chain (1: one shop). With more, client `i` belongs to shop `i % shops` and
    /// its jobs are numbered by that shop's terminal: shop 0 is this store's terminal, shop `k`
    /// the code [`chain_code`]`(k)` (`20260302-S03-001`), so that a chain's data (what a
    /// head-office terminal holds) tells its shops apart without another column.
    pub shops: usize,
}

/// The terminal code of shop `k` (1 ≤ k) of a generated chain: `S01`, `S02`, …
pub fn chain_code(k: usize) -> String {
    format!("S{k:02}")
}

impl ShopSize {
    /// The demo shop.
    pub const DEMO: Self = Self {
        clients: 300,
        vehicles: 400,
        jobs: 1_200,
        past_days: 365,
        future_days: 61,
        within_hours: true,
        shops: 1,
    };

    /// A large shop for benchmarks.
    pub const BENCH: Self = Self {
        clients: 50_000,
        vehicles: 60_000,
        jobs: 100_000,
        past_days: 365,
        future_days: 61,
        within_hours: false,
        shops: 1,
    };
}

/// What was generated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    /// Clients.
    pub clients: usize,
    /// Vehicles.
    pub vehicles: usize,
    /// Jobs.
    pub jobs: usize,
}

fn local_ms(tz: Tz, date: NaiveDate, minutes: i64) -> i64 {
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    let start = tz
        .from_local_datetime(&midnight)
        .earliest()
        .map_or(0, |d| d.timestamp_millis());
    start + minutes * 60_000
}

/// One technician's state while the days are filled.
struct Tech {
    id: UserId,
}

/// Fills the shop. `technicians` are the user ids jobs are assigned to (at least one); `bays`
/// the bay names; `created_by` stamps the rows. `now` is the reference date.
#[allow(clippy::too_many_lines, clippy::too_many_arguments)]
pub fn shop(
    tx: &SeedTx<'_, '_>,
    seed: u64,
    size: &ShopSize,
    technicians: &[UserId],
    bays: &[String],
    created_by: Option<&str>,
    now: i64,
    tz: Tz,
) -> CoreResult<Generated> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed_0004);
    let history_start = now - size.past_days * 86_400_000;

    // Clients.
    let mut client_ids: Vec<(String, String)> = Vec::with_capacity(size.clients);
    {
        let mut st = tx.insert(
            "clients",
            &[
                "id",
                "kind",
                "name",
                "company_name",
                "siret",
                "email",
                "phone",
                "address_line1",
                "postal_code",
                "city",
                "country",
                "notes",
                "tags",
                "marketing_consent",
                "consent_at",
                "created_by",
                "created_at",
                "updated_at",
            ],
        )?;
        for _ in 0..size.clients {
            let first = s(&mut rng, FIRST);
            let last = s(&mut rng, LAST);
            let name = format!("{first} {last}");
            let business = rng.random_bool(0.15);
            let company = business.then(|| {
                format!(
                    "{} {}",
                    s(&mut rng, COMPANY_KIND),
                    s(&mut rng, COMPANY_NAME)
                )
            });
            let display = company.clone().unwrap_or_else(|| name.clone());
            let created = history_start - rng.random_range(0..(200 * 86_400_000_i64));
            let email = rng.random_bool(0.85).then(|| {
                let local = rpma_core::vehicle_ident::fold(&format!("{first}.{last}"))
                    .replace([' ', '\''], "");
                let domain = if business {
                    "entreprise-demo.fr"
                } else {
                    s(
                        &mut rng,
                        &["gmail.com", "orange.fr", "free.fr", "laposte.net", "sfr.fr"],
                    )
                };
                format!("{local}@{domain}")
            });
            let phone = rng.random_bool(0.9).then(|| {
                let mobile = if rng.random_bool(0.5) { '6' } else { '7' };
                format!("+33{mobile}{:08}", rng.random_range(0..100_000_000u32))
            });
            let (city, cp) = pick(&mut rng, CITIES).copied().unwrap_or(("Lyon", "69003"));
            let street = format!("{} {}", rng.random_range(1..180), s(&mut rng, STREETS));
            let mut tags: Vec<&str> = Vec::new();
            if rng.random_bool(0.2) {
                tags.push(s(&mut rng, TAGS));
            }
            if business {
                tags.push("Pro");
            }
            tags.dedup();
            let consent = rng.random_bool(0.4);
            let id = gen_id(&mut rng, created);
            st.row(params![
                id,
                if business { "business" } else { "individual" },
                name,
                company,
                business.then(|| siret(&mut rng)),
                email,
                phone,
                street,
                cp,
                city,
                "FR",
                if rng.random_bool(0.1) {
                    s(&mut rng, NOTES)
                } else {
                    ""
                },
                serde_json::to_string(&tags).unwrap_or_else(|_| "[]".into()),
                consent,
                consent.then_some(created),
                created_by,
                created,
                created
            ])?;
            client_ids.push((id, display));
        }
    }

    // Vehicles: every client one first, then random owners.
    let mut vehicles: Vec<(String, usize, &'static str)> = Vec::with_capacity(size.vehicles);
    {
        let mut st = tx.insert(
            "vehicles",
            &[
                "id",
                "plate",
                "plate_key",
                "plate_format",
                "vin",
                "make",
                "model",
                "year",
                "colour",
                "size_class",
                "owner_id",
                "created_by",
                "created_at",
                "updated_at",
            ],
        )?;
        let mut own = tx.insert(
            "vehicle_owners",
            &[
                "id",
                "vehicle_id",
                "client_id",
                "from_at",
                "changed_by",
                "updated_at",
            ],
        )?;
        for n in 0..size.vehicles {
            if client_ids.is_empty() {
                break;
            }
            let owner = if n < client_ids.len() {
                n
            } else {
                rng.random_range(0..client_ids.len())
            };
            let Some((owner_id, _)) = client_ids.get(owner) else {
                continue;
            };
            let (make, model, size_class) = pick(&mut rng, MODELS)
                .copied()
                .unwrap_or(("Peugeot", "308", "medium"));
            let (display, key) = plate(n * 7 + 13, &mut rng);
            let created = history_start - rng.random_range(0..(100 * 86_400_000_i64));
            let id = gen_id(&mut rng, created);
            let year = 2026 - rng.random_range(0..12);
            st.row(params![
                id,
                display,
                key,
                "siv",
                rng.random_bool(0.7).then(|| vin(&mut rng, n)),
                make,
                model,
                year,
                s(&mut rng, COLOURS),
                size_class,
                owner_id,
                created_by,
                created,
                created
            ])?;
            own.row(params![
                gen_id(&mut rng, created),
                id,
                owner_id,
                created,
                created_by,
                created
            ])?;
            vehicles.push((id, owner, size_class));
        }
    }
    if vehicles.is_empty() || technicians.is_empty() {
        return Ok(Generated {
            clients: client_ids.len(),
            vehicles: vehicles.len(),
            jobs: 0,
        });
    }

    // Zone areas per size class.
    let mut areas: HashMap<(String, String), f64> = HashMap::new();
    for zone in tx.zones()? {
        let [sm, md, lg, xl] = zone.areas;
        for (class, a) in [("small", sm), ("medium", md), ("large", lg), ("xl", xl)] {
            areas.insert((zone.id.to_string(), class.to_owned()), a);
        }
    }

    // Jobs: spread evenly over the open days, slotted per technician and bay.
    let hours = tx.shop_settings()?.business_hours;
    let techs: Vec<Tech> = technicians
        .iter()
        .map(|id| Tech { id: id.clone() })
        .collect();
    let today = chrono::DateTime::from_timestamp_millis(now)
        .map(|d| d.with_timezone(&tz).date_naive())
        .unwrap_or_default();
    let first_day = today - chrono::Days::new(u64::try_from(size.past_days).unwrap_or(0));
    let mut days: Vec<(NaiveDate, (i64, i64))> = Vec::new();
    let mut d = first_day;
    while d <= today + chrono::Days::new(u64::try_from(size.future_days).unwrap_or(0)) {
        if let Some(h) = day_hours(&hours, d, size.within_hours) {
            days.push((d, h));
        }
        d = d.succ_opt().unwrap_or(d);
    }
    let day_count = days.len().max(1);
    let default_bays = vec![String::new()];
    let bays = if bays.is_empty() { &default_bays } else { bays };

    let mut ins_job = tx.insert(
        "jobs",
        &[
            "id",
            "number",
            "client_id",
            "vehicle_id",
            "status",
            "priority",
            "film_product",
            "scheduled_start",
            "scheduled_end",
            "technician_id",
            "bay",
            "notes",
            "started_at",
            "completed_at",
            "created_by",
            "created_at",
            "updated_at",
        ],
    )?;
    let mut ins_zone = tx.insert("job_zones", &["job_id", "zone_id", "area_m2", "updated_at"])?;
    let mut ins_hist = tx.insert(
        "job_status_history",
        &[
            "id",
            "job_id",
            "from_status",
            "to_status",
            "reason",
            "at",
            "by_user",
        ],
    )?;
    let mut ins_note = tx.insert("job_notes", &["id", "job_id", "body", "author_id", "at"])?;
    let mut ins_check = tx.insert(
        "job_checklist",
        &[
            "id",
            "job_id",
            "label",
            "position",
            "done",
            "done_at",
            "done_by",
            "updated_at",
        ],
    )?;
    let mut numbers = tx.job_numbers();
    // The other shops' numbers of a chain: (shop, day) → last number.
    let mut chain_numbers: HashMap<(usize, String), i64> = HashMap::new();
    let shops = size.shops.max(1);
    let mut made = 0usize;
    let mut running = 0usize;
    for (k, (day, open_close)) in days.iter().enumerate() {
        // Spread evenly: by the end of day k, (k + 1) / days of the jobs are made.
        let target = (k + 1) * size.jobs / day_count;
        let mut slots = DaySlots::new(*open_close, techs.len(), bays.len());
        while made < target {
            const LENGTHS: [i64; 6] = [120, 180, 240, 300, 420, 480];
            let duration = LENGTHS.get(rng.random_range(0..6)).copied().unwrap_or(240);
            let Some((ti, bi, start_min, end_min)) = slots.next(duration, &LENGTHS) else {
                break;
            };
            let start = local_ms(tz, *day, start_min);
            let end = local_ms(tz, *day, end_min);
            let Some((vehicle_id, owner, size_class)) = pick(&mut rng, &vehicles).cloned() else {
                break;
            };
            let Some((client_id, _)) = client_ids.get(owner) else {
                break;
            };
            let tech = techs.get(ti).map(|t| t.id.clone());
            let bay = bays.get(bi).cloned().unwrap_or_default();

            // Creation: 1 to 30 days before the slot, never after now.
            let created = (start - rng.random_range(1..31) * 86_400_000).min(now - 3_600_000);
            let created_day = chrono::DateTime::from_timestamp_millis(created)
                .map(|d| d.with_timezone(&tz).date_naive())
                .unwrap_or(*day);
            let number = match owner % shops {
                0 => tx.next_job_number(&mut numbers, created_day)?,
                k => {
                    let day = created_day.format("%Y%m%d").to_string();
                    let n = chain_numbers.entry((k, day.clone())).or_insert(0);
                    *n += 1;
                    rpma_core::numbering::job_number(&day, &chain_code(k), *n)
                }
            };
            let id = gen_id(&mut rng, created);

            // The status path, by where the slot is relative to now.
            let roll: f64 = rng.random();
            let path: Vec<(&str, &str)> = if end < now {
                if roll < 0.06 {
                    vec![
                        ("scheduled", ""),
                        ("cancelled", s(&mut rng, CANCEL_REASONS)),
                    ]
                } else if roll < 0.08 {
                    // Never started: overdue.
                    vec![("scheduled", "")]
                } else if roll < 0.09 {
                    vec![("scheduled", ""), ("on_hold", s(&mut rng, HOLD_REASONS))]
                } else if start < now - 180 * 86_400_000 && roll < 0.30 {
                    vec![
                        ("scheduled", ""),
                        ("in_progress", ""),
                        ("completed", ""),
                        ("archived", ""),
                    ]
                } else {
                    vec![("scheduled", ""), ("in_progress", ""), ("completed", "")]
                }
            } else if start <= now {
                // Running now: the first one in progress, the second paused, then at random.
                running += 1;
                if running == 2 || (running > 2 && roll < 0.25) {
                    vec![("scheduled", ""), ("in_progress", ""), ("paused", "")]
                } else {
                    vec![("scheduled", ""), ("in_progress", "")]
                }
            } else if roll < 0.07 {
                vec![("draft", "")]
            } else if roll < 0.10 {
                vec![("scheduled", ""), ("on_hold", s(&mut rng, HOLD_REASONS))]
            } else if roll < 0.12 {
                vec![
                    ("scheduled", ""),
                    ("cancelled", s(&mut rng, CANCEL_REASONS)),
                ]
            } else {
                vec![("scheduled", "")]
            };
            let status = path.last().map_or("scheduled", |(st, _)| *st);
            let started = path
                .iter()
                .any(|(st, _)| *st == "in_progress")
                .then_some(start);
            let completed = path.iter().any(|(st, _)| *st == "completed").then_some(end);
            let priority = match rng.random_range(0..20) {
                0 => "urgent",
                1..=3 => "high",
                4..=5 => "low",
                _ => "normal",
            };
            let film = s(&mut rng, FILMS);
            let note = if rng.random_bool(0.25) {
                s(&mut rng, NOTES)
            } else {
                ""
            };
            let updated = completed.unwrap_or(started.unwrap_or(created));
            ins_job.row(params![
                id, number, client_id, vehicle_id, status, priority, film, start, end, tech, bay,
                note, started, completed, created_by, created, updated
            ])?;
            let zones: &[&str] = pick(&mut rng, ZONE_SETS).copied().unwrap_or(&["hood"]);
            for z in zones {
                let area = areas
                    .get(&((*z).to_owned(), size_class.to_owned()))
                    .copied()
                    .unwrap_or(1.0);
                ins_zone.row(params![id, z, area, created])?;
            }
            // History: creation, then each step at a plausible time.
            let mut prev: Option<&str> = None;
            for (i, (to, reason)) in path.iter().enumerate() {
                let at = match *to {
                    "draft" | "scheduled" if i == 0 => created,
                    "in_progress" => start,
                    "paused" => start + (now - start) / 2,
                    "completed" => end,
                    "archived" => end + 30 * 86_400_000,
                    _ => (created + start) / 2,
                }
                .min(now);
                ins_hist.row(params![
                    gen_id(&mut rng, at),
                    id,
                    prev,
                    to,
                    reason,
                    at,
                    created_by
                ])?;
                prev = Some(to);
            }
            if rng.random_bool(0.12) {
                let at = created + 3_600_000;
                ins_note.row(params![
                    gen_id(&mut rng, at),
                    id,
                    s(&mut rng, NOTES),
                    created_by,
                    at.min(now)
                ])?;
            }
            if rng.random_bool(0.08) {
                for (pos, label) in ["Commander le film", "Confirmer le rendez-vous"]
                    .iter()
                    .enumerate()
                {
                    let done = completed.is_some();
                    ins_check.row(params![
                        gen_id(&mut rng, created),
                        id,
                        label,
                        i64::try_from(pos).unwrap_or(0),
                        done,
                        done.then_some(created),
                        if done { created_by } else { None },
                        created
                    ])?;
                }
            }
            made += 1;
        }
    }
    tx.save_job_numbers(&numbers)?;
    Ok(Generated {
        clients: client_ids.len(),
        vehicles: vehicles.len(),
        jobs: made,
    })
}

#[cfg(test)]
mod tests;
