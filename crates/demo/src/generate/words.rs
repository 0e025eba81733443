//! The shop generator's word lists (names, companies, cities, streets, cars, colours, films,
//! zone sets, notes, reasons) and the random values drawn from them (ids, SIRETs, plates, VINs).

use rand::Rng as _;
use rand_chacha::ChaCha8Rng;

use rpma_core::ids::id_from_parts;

pub(super) const FIRST: &[&str] = &[
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Emma",
    "Inès",
    "Sarah",
    "Julie",
    "Laura",
    "Marie",
    "Pauline",
    "Océane",
    "Élodie",
    "Anaïs",
    "Mathilde",
    "Clémence",
    "Lucie",
    "Margaux",
    "Hélène",
    "Nathalie",
    "Thomas",
    "Nicolas",
    "Julien",
    "Maxime",
    "Alexandre",
    "Antoine",
    "Kévin",
    "Romain",
    "Quentin",
    "Hugo",
    "Louis",
    "Théo",
    "Baptiste",
    "Mathieu",
    "Guillaume",
    "Jérôme",
    "Sébastien",
    "François",
    "Olivier",
    "Stéphane",
    "Mehdi",
    "Yanis",
    "Karim",
    "Sofiane",
    "Amandine",
    "Aurélie",
    "Benoît",
    "Cédric",
    "Damien",
    "Grégoire",
];
pub(super) const LAST: &[&str] = &[
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Dumont",
    "Lopez",
    "Fontaine",
    "Chevalier",
    "Robin",
    "Masson",
];
pub(super) const COMPANY_KIND: &[&str] = &[
    "Garage",
    "Transports",
    "Ambulances",
    "Taxis",
    "Auto-école",
    "Location",
    "Carrosserie",
    "Concession",
    "VTC",
    "Immobilier",
];
pub(super) const COMPANY_NAME: &[&str] = &[
    "du Parc",
    "des Alpes",
    "Rhône Services",
    "Lumière",
    "Saint-Exupéry",
    "de la Croix-Rousse",
    "Confluence",
    "Bellecour",
    "Presqu'île",
    "Gerland",
    "Part-Dieu",
    "Fourvière",
    "Monplaisir",
    "Horizon",
    "Étoile",
    "Premium",
    "Prestige",
    "Express",
];
pub(super) const CITIES: &[(&str, &str)] = &[
    ("Lyon", "69003"),
    ("Lyon", "69006"),
    ("Lyon", "69007"),
    ("Villeurbanne", "69100"),
    ("Vénissieux", "69200"),
    ("Caluire-et-Cuire", "69300"),
    ("Bron", "69500"),
    ("Écully", "69130"),
    ("Tassin-la-Demi-Lune", "69160"),
    ("Villefranche-sur-Saône", "69400"),
    ("Vienne", "38200"),
    ("Bourgoin-Jallieu", "38300"),
    ("Saint-Étienne", "42000"),
    ("Annecy", "74000"),
    ("Grenoble", "38000"),
];
pub(super) const STREETS: &[&str] = &[
    "rue de la République",
    "avenue Jean Jaurès",
    "cours Lafayette",
    "rue Garibaldi",
    "boulevard des Belges",
    "rue Paul Bert",
    "avenue Berthelot",
    "rue Victor Hugo",
    "chemin des Vignes",
    "route de Genas",
    "rue du Commerce",
    "place Bellecour",
];
pub(super) const TAGS: &[&str] = &["VIP", "Flotte", "Concession", "Parrainage", "Pro", "Fidèle"];
/// (make, model, size class).
pub(super) const MODELS: &[(&str, &str, &str)] = &[
    ("Tesla", "Model 3", "medium"),
    ("Tesla", "Model Y", "large"),
    ("Porsche", "911", "medium"),
    ("Porsche", "Taycan", "large"),
    ("Porsche", "Macan", "large"),
    ("BMW", "M3", "medium"),
    ("BMW", "X5", "large"),
    ("BMW", "Série 1", "small"),
    ("Audi", "RS6", "large"),
    ("Audi", "A3", "medium"),
    ("Audi", "Q5", "large"),
    ("Mercedes-Benz", "Classe C", "medium"),
    ("Mercedes-Benz", "GLE", "xl"),
    ("Mercedes-Benz", "Classe A", "small"),
    ("Peugeot", "308", "medium"),
    ("Peugeot", "3008", "large"),
    ("Peugeot", "208", "small"),
    ("Renault", "Mégane E-Tech", "medium"),
    ("Renault", "Clio", "small"),
    ("Renault", "Austral", "large"),
    ("Volkswagen", "Golf", "medium"),
    ("Volkswagen", "Tiguan", "large"),
    ("Toyota", "Yaris", "small"),
    ("Toyota", "RAV4", "large"),
    ("Alpine", "A110", "small"),
    ("Volvo", "XC60", "large"),
    ("Cupra", "Formentor", "medium"),
    ("Ford", "Transit Custom", "xl"),
    ("Land Rover", "Defender", "xl"),
    ("Kia", "EV6", "large"),
    ("Hyundai", "Ioniq 5", "large"),
    ("Polestar", "2", "medium"),
    ("Mini", "Cooper", "small"),
    ("Ferrari", "Roma", "medium"),
    ("DS", "DS 7", "large"),
];
pub(super) const COLOURS: &[&str] = &[
    "Noir",
    "Blanc",
    "Gris",
    "Gris Nardo",
    "Bleu",
    "Rouge",
    "Argent",
    "Vert anglais",
    "Jaune",
    "Blanc nacré",
];
/// European maker codes (no North American check digit).
const WMI: &[&str] = &[
    "VF3", "VF1", "WBA", "WAU", "WDD", "WP0", "WVW", "YV1", "ZFF", "VR1",
];
const VIN_CHARS: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
pub(super) const FILMS: &[&str] = &[
    "XPEL Ultimate Plus",
    "XPEL Stealth (mat)",
    "3M Scotchgard Pro Series",
    "SunTek Ultra",
    "STEK DYNOshield",
    "LLumar Platinum",
    "Hexis Bodyfence",
];
/// Zone sets a shop typically sells.
pub(super) const ZONE_SETS: &[&[&str]] = &[
    &["full_front"],
    &[
        "hood",
        "front_bumper",
        "fender_left",
        "fender_right",
        "mirrors",
    ],
    &["hood_partial", "front_bumper", "mirrors"],
    &["full_body"],
    &["front_bumper", "headlights"],
    &["rockers", "door_edges", "door_cups"],
    &["hood", "front_bumper", "a_pillars", "roof"],
    &["rear_bumper", "trunk_lip"],
    &["full_front", "rockers", "door_cups"],
    &["door_edges", "door_cups", "trunk_lip"],
];
pub(super) const NOTES: &[&str] = &[
    "Client souhaite récupérer le véhicule avant 18 h.",
    "Véhicule neuf, livraison concession la veille.",
    "Prévoir découpe sur mesure des capteurs de stationnement.",
    "Client présent au démarrage pour valider les zones.",
    "Rayure légère sur l'aile avant droite signalée à l'accueil.",
    "Lavage complet prévu avant la pose.",
];
pub(super) const CANCEL_REASONS: &[&str] = &[
    "Client injoignable",
    "Véhicule vendu",
    "Annulé par le client",
    "Reporté sine die par le client",
];
pub(super) const HOLD_REASONS: &[&str] = &[
    "Film en rupture chez le fournisseur",
    "En attente de l'accord du client sur le devis",
    "Véhicule en carrosserie avant la pose",
];

pub(super) fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> Option<&'a T> {
    if items.is_empty() {
        return None;
    }
    items.get(rng.random_range(0..items.len()))
}

pub(super) fn s<'a>(rng: &mut ChaCha8Rng, items: &'a [&'a str]) -> &'a str {
    pick(rng, items).copied().unwrap_or_default()
}

pub(super) fn gen_id(rng: &mut ChaCha8Rng, at: i64) -> String {
    let mut bytes = [0u8; 10];
    rng.fill(&mut bytes);
    id_from_parts(at, bytes)
}

/// A valid SIRET: 14 digits passing the Luhn check.
pub(super) fn siret(rng: &mut ChaCha8Rng) -> String {
    let mut digits: Vec<u32> = (0..13).map(|_| rng.random_range(0..10)).collect();
    for last in 0..10 {
        digits.push(last);
        let text: String = digits
            .iter()
            .filter_map(|d| char::from_digit(*d, 10))
            .collect();
        if rpma_core::org::luhn_ok(&text) {
            return text;
        }
        digits.pop();
    }
    "73282932000074".to_owned()
}

/// The n-th SIV plate of a deterministic sequence with random-looking letters (unique for n).
pub(super) fn plate(n: usize, rng: &mut ChaCha8Rng) -> (String, String) {
    const L: &[u8] = b"ABCDEFGHJKLMNPQRSTVWXYZ";
    let len = L.len();
    // The number part and the first letter pair come from n (unique); the last pair is random.
    let number = n % 999 + 1;
    let block = n / 999;
    let a = L.get(block / len % len).copied().unwrap_or(b'A') as char;
    let b = L.get(block % len).copied().unwrap_or(b'A') as char;
    let c = L.get(rng.random_range(0..len)).copied().unwrap_or(b'A') as char;
    let d = L.get(rng.random_range(0..len)).copied().unwrap_or(b'A') as char;
    // Shift the first letter into the later alphabet for a plausible age.
    let display = format!("{a}{b}-{number:03}-{c}{d}");
    let key = format!("{a}{b}{number:03}{c}{d}");
    (display, key)
}

pub(super) fn vin(rng: &mut ChaCha8Rng, n: usize) -> String {
    let mut v = s(rng, WMI).to_owned();
    for _ in 0..8 {
        let i = rng.random_range(0..VIN_CHARS.len());
        v.push(VIN_CHARS.get(i).copied().unwrap_or(b'A') as char);
    }
    // The last six are the serial number: unique per vehicle.
    v.push_str(&format!("{:06}", n % 1_000_000));
    v
}
