//! Money for quotes, invoices and credit notes: amounts in integer euro cents, VAT rates and
//! discounts in basis points, quantities in thousandths, and one rounding rule.
//!
//! **Rounding rule.** Every amount is computed exactly (in 128-bit integers) and rounded to the
//! cent once, halves away from zero, **per line**: the line's gross amount (unit price ×
//! quantity), its discount, and its VAT are each rounded; the net is gross − discount and the
//! total net + VAT. A document's totals are the sums of its lines' rounded amounts, so the VAT
//! of a document is always the sum of the VAT shown on its lines. Halves away from zero make a
//! credit note (negative prices or quantities) the exact mirror of the invoice it cancels.
//!
//! Every operation is checked: an amount that does not fit in an `i64` of cents (± 92 million
//! billion euros) gives `None` instead of wrapping.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// An amount in euro cents (negative for credits and refunds).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(i64);

/// Divides, rounding to the nearest integer, halves away from zero. `d` must not be zero.
fn div_round(n: i128, d: i128) -> Option<i128> {
    if d == 0 {
        return None;
    }
    let q = n / d;
    let r = n % d;
    // |r| * 2 >= |d|: round away from zero.
    if r.checked_abs()?.checked_mul(2)? >= d.checked_abs()? {
        if (n < 0) == (d < 0) {
            q.checked_add(1)
        } else {
            q.checked_sub(1)
        }
    } else {
        Some(q)
    }
}

fn cents_of(v: i128) -> Option<Money> {
    i64::try_from(v).ok().map(Money)
}

impl Money {
    /// Nothing.
    pub const ZERO: Self = Self(0);

    /// An amount of `cents` cents.
    pub const fn from_cents(cents: i64) -> Self {
        Self(cents)
    }

    /// Whole euros; `None` if it does not fit.
    pub fn from_euros(euros: i64) -> Option<Self> {
        euros.checked_mul(100).map(Self)
    }

    /// The amount in cents.
    pub const fn cents(self) -> i64 {
        self.0
    }

    /// True below zero.
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// `self + other`, `None` on overflow.
    pub fn checked_add(self, other: Self) -> Option<Self> {
        self.0.checked_add(other.0).map(Self)
    }

    /// `self - other`, `None` on overflow.
    pub fn checked_sub(self, other: Self) -> Option<Self> {
        self.0.checked_sub(other.0).map(Self)
    }

    /// `-self` (a credit note's line), `None` on overflow.
    pub fn checked_neg(self) -> Option<Self> {
        self.0.checked_neg().map(Self)
    }

    /// `self × n`, `None` on overflow.
    pub fn checked_mul(self, n: i64) -> Option<Self> {
        self.0.checked_mul(n).map(Self)
    }

    /// The sum of amounts, `None` on overflow.
    pub fn checked_sum(amounts: impl IntoIterator<Item = Self>) -> Option<Self> {
        amounts.into_iter().try_fold(Self::ZERO, Self::checked_add)
    }

    /// `self × bp / 10 000`, rounded per the module's rule (a rate or a discount of the amount).
    pub fn apply_bp(self, bp: u32) -> Option<Self> {
        let v = i128::from(self.0).checked_mul(i128::from(bp))?;
        cents_of(div_round(v, 10_000)?)
    }

    /// Parses money as typed (`1 234,56 €`, `€1,234.56`, `-3.10`; at most two decimals).
    pub fn parse(text: &str, lang: Lang) -> Option<Self> {
        crate::format::parse_money(text, lang).map(Self)
    }

    /// Shown in `lang`: `1 234,56 €` (French, with a narrow no-break space between thousands and
    /// a no-break space before the sign) or `€1,234.56`.
    pub fn display(self, lang: Lang) -> MoneyDisplay {
        MoneyDisplay(self, lang)
    }
}

/// [`Money`] shown in a language (see [`Money::display`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoneyDisplay(Money, Lang);

impl fmt::Display for MoneyDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::format::format_money(self.0.0, self.1))
    }
}

/// In the shop's language (French).
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.display(Lang::Fr).fmt(f)
    }
}

/// A VAT rate in basis points: 20 % is 2 000.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct VatRate(u32);

impl VatRate {
    /// French standard rate, 20 %.
    pub const STANDARD: Self = Self(2_000);
    /// French intermediate rate, 10 %.
    pub const INTERMEDIATE: Self = Self(1_000);
    /// French reduced rate, 5.5 %.
    pub const REDUCED: Self = Self(550);
    /// French super-reduced rate, 2.1 %.
    pub const SUPER_REDUCED: Self = Self(210);
    /// No VAT (exempt, or reverse charge).
    pub const ZERO: Self = Self(0);

    /// A rate of `bp` basis points; `None` above 100 %.
    pub const fn from_bp(bp: u32) -> Option<Self> {
        if bp <= 10_000 { Some(Self(bp)) } else { None }
    }

    /// The rate in basis points.
    pub const fn bp(self) -> u32 {
        self.0
    }

    /// Shown in `lang`: `5,5 %` / `5.5%`.
    pub fn display(self, lang: Lang) -> String {
        let whole = self.0 / 100;
        let frac = self.0 % 100;
        let number = match (frac, lang) {
            (0, _) => whole.to_string(),
            (f, Lang::Fr) if f % 10 == 0 => format!("{whole},{}", f / 10),
            (f, Lang::Fr) => format!("{whole},{f:02}"),
            (f, Lang::En) if f % 10 == 0 => format!("{whole}.{}", f / 10),
            (f, Lang::En) => format!("{whole}.{f:02}"),
        };
        match lang {
            Lang::Fr => format!("{number}\u{00A0}%"),
            Lang::En => format!("{number}%"),
        }
    }
}

/// A quantity in thousandths of a unit (1.5 m² is 1 500; 2 pieces are 2 000). Negative on a
/// credit note's lines.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Quantity(i64);

impl Quantity {
    /// `n` whole units; `None` if it does not fit.
    pub fn units(n: i64) -> Option<Self> {
        n.checked_mul(1_000).map(Self)
    }

    /// `n` thousandths of a unit.
    pub const fn thousandths(n: i64) -> Self {
        Self(n)
    }

    /// The quantity in thousandths.
    pub const fn as_thousandths(self) -> i64 {
        self.0
    }
}

/// One line of a quote, invoice or credit note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// Unit price, VAT excluded.
    pub unit_price: Money,
    /// Quantity.
    pub quantity: Quantity,
    /// Discount on the line, in basis points (10 % is 1 000; 0 to 10 000).
    pub discount_bp: u32,
    /// VAT rate of the line.
    pub vat: VatRate,
}

/// A line's amounts, each rounded to the cent (see the module's rule).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineTotals {
    /// Unit price × quantity.
    pub gross: Money,
    /// The discount (positive for a positive line).
    pub discount: Money,
    /// Gross − discount: the VAT base.
    pub net: Money,
    /// VAT on the net.
    pub vat: Money,
    /// Net + VAT.
    pub total: Money,
}

impl Line {
    /// The line's amounts; `None` on overflow or a discount above 100 %.
    pub fn totals(&self) -> Option<LineTotals> {
        if self.discount_bp > 10_000 {
            return None;
        }
        let exact = i128::from(self.unit_price.cents()).checked_mul(i128::from(self.quantity.0))?;
        let gross = cents_of(div_round(exact, 1_000)?)?;
        let discount = gross.apply_bp(self.discount_bp)?;
        let net = gross.checked_sub(discount)?;
        let vat = net.apply_bp(self.vat.bp())?;
        let total = net.checked_add(vat)?;
        Some(LineTotals {
            gross,
            discount,
            net,
            vat,
            total,
        })
    }
}

/// A document's totals: sums of its lines' rounded amounts, and the VAT per rate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentTotals {
    /// Sum of the lines' net amounts.
    pub net: Money,
    /// Sum of the lines' VAT.
    pub vat: Money,
    /// Net + VAT.
    pub total: Money,
    /// Per rate (ascending): the net base and the VAT, as a French invoice lists them.
    pub by_rate: Vec<(VatRate, Money, Money)>,
}

/// The totals of `lines`; `None` on overflow.
pub fn document_totals(lines: &[Line]) -> Option<DocumentTotals> {
    let mut out = DocumentTotals::default();
    for line in lines {
        let t = line.totals()?;
        out.net = out.net.checked_add(t.net)?;
        out.vat = out.vat.checked_add(t.vat)?;
        match out.by_rate.iter_mut().find(|(r, _, _)| *r == line.vat) {
            Some((_, base, vat)) => {
                *base = base.checked_add(t.net)?;
                *vat = vat.checked_add(t.vat)?;
            }
            None => out.by_rate.push((line.vat, t.net, t.vat)),
        }
    }
    out.by_rate.sort_by_key(|(r, _, _)| *r);
    out.total = out.net.checked_add(out.vat)?;
    Some(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn line(price: i64, qty: i64, discount_bp: u32, vat: VatRate) -> Line {
        Line {
            unit_price: Money::from_cents(price),
            quantity: Quantity::thousandths(qty),
            discount_bp,
            vat,
        }
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(div_round(5, 10), Some(1));
        assert_eq!(div_round(-5, 10), Some(-1));
        assert_eq!(div_round(4, 10), Some(0));
        assert_eq!(div_round(-4, 10), Some(0));
        assert_eq!(div_round(15, 10), Some(2));
        assert_eq!(div_round(25, 10), Some(3), "not to even");
        assert_eq!(div_round(-25, 10), Some(-3));
        assert_eq!(div_round(7, -2), Some(-4));
        assert_eq!(div_round(1, 0), None);
    }

    #[test]
    fn line_totals_with_vat_per_line() {
        // 2.5 m² at 33.33 €/m², 20 % VAT: 83.325 € → 83.33 €, VAT 16.666 → 16.67 €.
        let t = line(3_333, 2_500, 0, VatRate::STANDARD).totals().unwrap();
        assert_eq!(t.gross, Money::from_cents(8_333));
        assert_eq!(t.discount, Money::ZERO);
        assert_eq!(t.net, Money::from_cents(8_333));
        assert_eq!(t.vat, Money::from_cents(1_667));
        assert_eq!(t.total, Money::from_cents(10_000));
        // 5.5 % of 10.10 € is 0.5555 € → 0.56 €.
        let t = line(1_010, 1_000, 0, VatRate::REDUCED).totals().unwrap();
        assert_eq!(t.vat, Money::from_cents(56));
        // Per line, not per document: three lines of 0.10 € at 5.5 % have 0.01 € VAT each.
        let lines = vec![line(10, 1_000, 0, VatRate::REDUCED); 3];
        let doc = document_totals(&lines).unwrap();
        assert_eq!(doc.vat, Money::from_cents(3));
        assert_eq!(doc.net, Money::from_cents(30));
        assert_eq!(doc.total, Money::from_cents(33));
    }

    #[test]
    fn discounts_are_rounded_on_the_line_then_taxed() {
        // 1 199.99 € less 15 %: discount 179.9985 → 180.00, net 1 019.99, VAT 203.998 → 204.00.
        let t = line(119_999, 1_000, 1_500, VatRate::STANDARD)
            .totals()
            .unwrap();
        assert_eq!(t.discount, Money::from_cents(18_000));
        assert_eq!(t.net, Money::from_cents(101_999));
        assert_eq!(t.vat, Money::from_cents(20_400));
        assert_eq!(t.total, Money::from_cents(122_399));
        // 100 % off: nothing to pay; above 100 %: refused.
        let free = line(5_000, 1_000, 10_000, VatRate::STANDARD)
            .totals()
            .unwrap();
        assert_eq!(
            (free.net, free.vat, free.total),
            (Money::ZERO, Money::ZERO, Money::ZERO)
        );
        assert_eq!(line(5_000, 1_000, 10_001, VatRate::STANDARD).totals(), None);
    }

    #[test]
    fn a_credit_note_mirrors_its_invoice() {
        let invoice = [
            line(3_333, 2_500, 0, VatRate::STANDARD),
            line(119_999, 1_000, 1_500, VatRate::STANDARD),
            line(1_010, 1_000, 0, VatRate::REDUCED),
        ];
        let credit: Vec<Line> = invoice
            .iter()
            .map(|l| Line {
                quantity: Quantity::thousandths(-l.quantity.as_thousandths()),
                ..*l
            })
            .collect();
        let a = document_totals(&invoice).unwrap();
        let b = document_totals(&credit).unwrap();
        assert_eq!(b.net, a.net.checked_neg().unwrap());
        assert_eq!(b.vat, a.vat.checked_neg().unwrap());
        assert_eq!(b.total, a.total.checked_neg().unwrap());
        assert!(b.total.is_negative());
        assert_eq!(
            a.by_rate.iter().map(|(r, _, _)| *r).collect::<Vec<_>>(),
            vec![VatRate::REDUCED, VatRate::STANDARD]
        );
        let (_, base, vat) = a.by_rate[1];
        assert_eq!(base, Money::from_cents(8_333 + 101_999));
        assert_eq!(vat, Money::from_cents(1_667 + 20_400));
    }

    #[test]
    fn overflow_is_reported_not_wrapped() {
        let max = Money::from_cents(i64::MAX);
        assert_eq!(max.checked_add(Money::from_cents(1)), None);
        assert_eq!(Money::from_cents(i64::MIN).checked_neg(), None);
        assert_eq!(
            Money::from_cents(i64::MIN).checked_sub(Money::from_cents(1)),
            None
        );
        assert_eq!(max.checked_mul(2), None);
        assert_eq!(Money::from_euros(i64::MAX / 10), None);
        assert_eq!(Quantity::units(i64::MAX / 10), None);
        assert_eq!(Money::checked_sum([max, Money::from_cents(1)]), None);
        assert_eq!(
            Money::checked_sum([Money::from_cents(5), Money::from_cents(-2)]),
            Some(Money::from_cents(3))
        );
        // The product is exact in 128 bits; only a result too large for cents is refused.
        assert_eq!(line(i64::MAX, 2_000, 0, VatRate::ZERO).totals(), None);
        assert_eq!(
            line(i64::MAX / 10 * 9, 1_000, 0, VatRate::STANDARD).totals(),
            None,
            "the VAT tips it over"
        );
        let big = line(i64::MAX / 4, 1_000, 0, VatRate::ZERO)
            .totals()
            .unwrap();
        assert_eq!(big.total, Money::from_cents(i64::MAX / 4));
        assert_eq!(
            document_totals(&[line(i64::MAX / 2, 1_000, 0, VatRate::ZERO); 3]),
            None
        );
        assert_eq!(VatRate::from_bp(10_001), None);
        assert_eq!(VatRate::from_bp(550), Some(VatRate::REDUCED));
    }

    #[test]
    fn display_per_locale() {
        let m = Money::from_cents(123_456);
        assert_eq!(m.display(Lang::Fr).to_string(), "1\u{202F}234,56\u{00A0}€");
        assert_eq!(m.display(Lang::En).to_string(), "€1,234.56");
        assert_eq!(m.to_string(), "1\u{202F}234,56\u{00A0}€");
        assert_eq!(
            Money::from_cents(-5).display(Lang::Fr).to_string(),
            "-0,05\u{00A0}€"
        );
        assert_eq!(Money::parse("1 234,56 €", Lang::Fr), Some(m));
        assert_eq!(Money::parse("1,234.56", Lang::En), Some(m));
        assert_eq!(Money::parse("12,345", Lang::Fr), None);
        assert_eq!(VatRate::STANDARD.display(Lang::Fr), "20\u{00A0}%");
        assert_eq!(VatRate::REDUCED.display(Lang::Fr), "5,5\u{00A0}%");
        assert_eq!(VatRate::SUPER_REDUCED.display(Lang::En), "2.1%");
        assert_eq!(VatRate::from_bp(1_275).unwrap().display(Lang::En), "12.75%");
        assert_eq!(
            serde_json::to_string(&line(3_333, 2_500, 0, VatRate::STANDARD)).unwrap(),
            r#"{"unit_price":3333,"quantity":2500,"discount_bp":0,"vat":2000}"#
        );
    }
}
