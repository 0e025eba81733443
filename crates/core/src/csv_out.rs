//! CSV files for spreadsheets, written with the `csv` crate: UTF-8 with a BOM (so that Excel
//! reads the accents), a comma between fields, RFC 4180 quoting, CRLF line ends.
//!
//! Every cell that a spreadsheet would read as a formula — one that starts with `=`, `+`, `-`,
//! `@`, a tab or a carriage return — is written with a leading `'` (the OWASP rule against "CSV
//! injection"): a client named `=HYPERLINK("http://…","…")` shows as that text, it never becomes
//! a live link or a command. Every export goes through [`CsvOut`], so the rule cannot be
//! forgotten by one of them.

use std::borrow::Cow;
use std::io::Write;

use crate::error::{CoreError, CoreResult};

/// Characters that make a spreadsheet treat a cell as a formula when they come first.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The cell as it must be written: with a leading `'` when it would start a formula.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

fn csv_error(e: csv::Error) -> CoreError {
    CoreError::io("csv", std::io::Error::from(e))
}

/// A CSV writer for exports (see the module documentation).
pub struct CsvOut<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> std::fmt::Debug for CsvOut<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvOut").finish_non_exhaustive()
    }
}

impl<W: Write> CsvOut<W> {
    /// Starts a file: writes the UTF-8 BOM.
    pub fn new(mut out: W) -> CoreResult<Self> {
        out.write_all("\u{feff}".as_bytes())
            .map_err(|e| CoreError::io("csv", e))?;
        let inner = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        Ok(Self { inner })
    }

    /// Writes one record, every cell [`neutralise`]d.
    pub fn record<I, S>(&mut self, fields: I) -> CoreResult<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cells: Vec<String> = fields
            .into_iter()
            .map(|f| neutralise(f.as_ref()).into_owned())
            .collect();
        self.inner.write_record(&cells).map_err(csv_error)
    }

    /// Flushes and gives the destination back.
    pub fn finish(self) -> CoreResult<W> {
        let mut out = self
            .inner
            .into_inner()
            .map_err(|e| CoreError::io("csv", e.into_error()))?;
        out.flush().map_err(|e| CoreError::io("csv", e))?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn formula_starts_get_a_quote_and_nothing_else_does() {
        for evil in ["=1+1", "+33 6", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(evil), format!("'{evil}"), "{evil:?}");
        }
        for fine in ["Dupont", "", " =1", "1-2", "a@b.fr", "'=x"] {
            assert_eq!(neutralise(fine), fine, "{fine:?}");
        }
    }

    #[test]
    fn records_are_quoted_like_rfc_4180_with_a_bom_and_crlf() {
        let mut w = CsvOut::new(Vec::new()).unwrap();
        w.record(["a", "b,c", "say \"hi\"", "two\nlines"]).unwrap();
        w.record(["\tcmd", "=2", "", "-"]).unwrap();
        let text = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(
            text,
            "\u{feff}a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n'\tcmd,'=2,,'-\r\n"
        );
    }
}
