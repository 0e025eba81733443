//! The native "open an image" dialog, never on the UI thread nor on the database worker.
//!
//! [`FilePicker::open`] starts a named thread (`rpma-file-dialog`) that shows the dialog (rfd: the
//! desktop's file-chooser portal over D-Bus, else `zenity`; the Windows and macOS dialogs
//! elsewhere), reads the chosen file, turns it into the stored logo with
//! [`rpma_core::org::normalize_logo`] and decodes that PNG for the preview, then sends the result
//! back through a channel and wakes the UI. [`FilePicker::poll`] takes it on a later frame.

use std::path::Path;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use egui::ColorImage;
use rpma_core::{CoreError, Lang, org};

/// Extensions offered by the dialog's filter.
const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg"];

/// A dialog that comes back empty this fast was never shown (no portal, no zenity): nobody
/// cancels a dialog within a fraction of a second of asking for it.
const NO_DIALOG_WITHIN: Duration = Duration::from_millis(200);

/// An image chosen by the user, ready to store and to show.
#[derive(Clone)]
pub struct PickedImage {
    /// The logo as stored: PNG, at most 512×512.
    pub png: Vec<u8>,
    /// The same picture decoded, for the preview texture.
    pub image: ColorImage,
}

impl std::fmt::Debug for PickedImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PickedImage")
            .field("png_bytes", &self.png.len())
            .field("size", &self.image.size)
            .finish()
    }
}

/// Why no image came back (messages already in the user's language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickError {
    /// The file was chosen but cannot be used (not an image, corrupt, too big, unreadable):
    /// shown under the logo.
    Refused(String),
    /// No file dialog can be shown on this computer: shown as a toast.
    Unavailable(String),
}

impl PickError {
    /// The message for the user.
    pub fn message(&self) -> &str {
        match self {
            Self::Refused(m) | Self::Unavailable(m) => m,
        }
    }
}

/// Decodes a stored logo (PNG) for a preview texture.
pub fn decode_png(png: &[u8]) -> Option<ColorImage> {
    let rgba = image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .ok()?
        .to_rgba8();
    let size = [
        usize::try_from(rgba.width()).ok()?,
        usize::try_from(rgba.height()).ok()?,
    ];
    Some(ColorImage::from_rgba_unmultiplied(size, rgba.as_raw()))
}

/// Turns a file's bytes into a [`PickedImage`]: what the dialog thread does once the file is read.
/// CPU work (decoding, resizing): never call it on the UI thread outside tests.
pub fn prepare(bytes: &[u8], lang: Lang) -> Result<PickedImage, PickError> {
    let png = org::normalize_logo(bytes).map_err(|e| PickError::Refused(lang.error_message(&e)))?;
    let image = decode_png(&png).ok_or_else(|| PickError::Refused(lang.tr("err-logo-image")))?;
    Ok(PickedImage { png, image })
}

/// Reads the chosen file (its size is checked before reading it whole) and prepares it.
fn read_and_prepare(path: &Path, lang: Lang) -> Result<PickedImage, PickError> {
    let unreadable =
        |e: std::io::Error| PickError::Refused(lang.error_message(&CoreError::io(path, e)));
    let len = std::fs::metadata(path).map_err(unreadable)?.len();
    if len > org::MAX_LOGO_FILE_BYTES {
        return Err(PickError::Refused(lang.tr("err-logo-too-big")));
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    prepare(&bytes, lang)
}

/// One "choose an image" dialog at a time, run off the UI thread.
#[derive(Debug, Default)]
pub struct FilePicker {
    rx: Option<Receiver<Result<PickedImage, PickError>>>,
    injected: Option<Result<PickedImage, PickError>>,
}

impl FilePicker {
    /// Opens the dialog titled `title` on its own thread; does nothing while one is open.
    pub fn open(&mut self, ctx: &egui::Context, lang: Lang, title: &str) {
        if self.busy() {
            return;
        }
        let (tx, rx) = mpsc::channel();
        let ctx = ctx.clone();
        let title = title.to_owned();
        let filter = lang.tr("file-dialog-images");
        let spawned = std::thread::Builder::new()
            .name("rpma-file-dialog".into())
            .spawn(move || {
                let asked = Instant::now();
                let picked = rfd::FileDialog::new()
                    .set_title(&title)
                    .add_filter(&filter, IMAGE_EXTENSIONS)
                    .pick_file();
                let result = match picked {
                    Some(path) => Some(read_and_prepare(&path, lang)),
                    None if asked.elapsed() < NO_DIALOG_WITHIN => {
                        tracing::warn!(
                            elapsed = ?asked.elapsed(),
                            "no file dialog available (no xdg portal, no zenity)"
                        );
                        Some(Err(PickError::Unavailable(
                            lang.tr("file-dialog-unavailable"),
                        )))
                    }
                    // Cancelled: the sender is dropped, which ends the wait.
                    None => None,
                };
                if let Some(r) = result {
                    // The screen may be gone (signed out): nobody to tell then.
                    tx.send(r).ok();
                }
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.rx = Some(rx),
            Err(e) => {
                tracing::error!("cannot start the file dialog thread: {e}");
                self.injected = Some(Err(PickError::Unavailable(
                    lang.tr("file-dialog-unavailable"),
                )));
            }
        }
    }

    /// The dialog's outcome once it is there: the image, or why there is none. `None` while the
    /// dialog is open and after a cancel.
    pub fn poll(&mut self) -> Option<Result<PickedImage, PickError>> {
        if let Some(r) = self.injected.take() {
            return Some(r);
        }
        let rx = self.rx.as_ref()?;
        match rx.try_recv() {
            Ok(r) => {
                self.rx = None;
                Some(r)
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.rx = None;
                None
            }
        }
    }

    /// True while the dialog is open (or the chosen file is being prepared).
    pub fn busy(&self) -> bool {
        self.rx.is_some()
    }

    /// Test hook: the next [`poll`](Self::poll) returns `result`, as if the user had picked a
    /// file (build it with [`prepare`]). Lets UI tests run without a native dialog.
    pub fn inject(&mut self, result: Result<PickedImage, PickError>) {
        self.injected = Some(result);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn garbage_is_refused_with_a_message_and_a_picture_is_prepared() {
        let err = prepare(b"not an image", Lang::Fr).unwrap_err();
        assert!(matches!(err, PickError::Refused(_)));
        assert_eq!(err.message(), Lang::Fr.tr("err-logo-image"));
        let img = image::RgbImage::from_fn(900, 300, |x, _| image::Rgb([(x % 256) as u8, 10, 10]));
        let mut jpeg = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(
                &mut std::io::Cursor::new(&mut jpeg),
                image::ImageFormat::Jpeg,
            )
            .unwrap();
        let picked = prepare(&jpeg, Lang::Fr).unwrap();
        assert_eq!(picked.image.size, [512, 171]);
        assert!(picked.png.starts_with(b"\x89PNG"));
    }

    #[test]
    fn injected_results_come_back_once() {
        let mut p = FilePicker::default();
        assert!(p.poll().is_none());
        p.inject(Err(PickError::Refused("non".into())));
        assert!(!p.busy());
        assert_eq!(p.poll().unwrap().unwrap_err().message(), "non");
        assert!(p.poll().is_none());
    }

    #[test]
    fn a_too_big_file_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.png");
        let f = std::fs::File::create(&path).unwrap();
        f.set_len(org::MAX_LOGO_FILE_BYTES + 1).unwrap();
        let err = read_and_prepare(&path, Lang::En).unwrap_err();
        assert_eq!(err.message(), Lang::En.tr("err-logo-too-big"));
        let missing = read_and_prepare(&dir.path().join("missing.png"), Lang::En).unwrap_err();
        assert!(matches!(missing, PickError::Refused(_)));
    }
}
