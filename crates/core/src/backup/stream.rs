//! The byte pipes of a backup file: file ⇄ (age) ⇄ zstd ⇄ tar.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::rc::Rc;

use super::Passphrase;

/// Size of the buffers between the stages.
pub(crate) const BUF: usize = 1 << 20;
/// The first bytes of an age file.
pub(crate) const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";
/// The first bytes of a zstd frame.
pub(crate) const ZSTD_MAGIC: &[u8] = &[0x28, 0xB5, 0x2F, 0xFD];

/// Where the compressed bytes go: the file, through age when encrypting.
pub(crate) enum Sink {
    Plain(BufWriter<File>),
    Age(age::stream::StreamWriter<BufWriter<File>>),
}

impl Sink {
    /// A sink writing to `file`, encrypting to `passphrase` when one is given.
    pub(crate) fn new(file: File, passphrase: Option<&Passphrase>) -> io::Result<Self> {
        let out = BufWriter::with_capacity(BUF, file);
        Ok(match passphrase {
            None => Self::Plain(out),
            Some(p) => {
                let recipient = p.recipient();
                let enc = age::Encryptor::with_recipients(std::iter::once(
                    &recipient as &dyn age::Recipient,
                ))
                .map_err(io::Error::other)?;
                Self::Age(enc.wrap_output(out)?)
            }
        })
    }

    /// Ends the age stream (its last chunk) and flushes: the file, complete.
    pub(crate) fn finish(self) -> io::Result<File> {
        let buffered = match self {
            Self::Plain(w) => w,
            Self::Age(w) => w.finish()?,
        };
        buffered
            .into_inner()
            .map_err(io::IntoInnerError::into_error)
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Self::Plain(w) => w.write(buf),
            Self::Age(w) => w.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Self::Plain(w) => w.write_all(buf),
            Self::Age(w) => w.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Self::Plain(w) => w.flush(),
            Self::Age(w) => w.flush(),
        }
    }
}

/// Counts the bytes read from the file (the progress of a read, against the file's size).
pub(crate) struct Counting<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R> Counting<R> {
    pub(crate) fn new(inner: R) -> (Self, Rc<Cell<u64>>) {
        let count = Rc::new(Cell::new(0));
        (
            Self {
                inner,
                count: Rc::clone(&count),
            },
            count,
        )
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Where the compressed bytes come from: the file, through age when the file is encrypted.
pub(crate) enum Source {
    Plain(BufReader<Counting<File>>),
    Age(age::stream::StreamReader<BufReader<Counting<File>>>),
}

impl Read for Source {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Self::Plain(r) => r.read(buf),
            Self::Age(r) => r.read(buf),
        }
    }
}
