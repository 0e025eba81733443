//! "Choose an image" for the shop logo, never on the UI thread nor on the database worker.
//!
//! [`FilePicker::open`] shows the system's dialog ([`super::system_dialog`]) or, in kiosk mode
//! and wherever no dialog can be shown, the in-app file browser ([`super::file_browser`], drawn
//! by [`FilePicker::browser_ui`]). The chosen file is then read on a named thread
//! (`rpma-file-prepare`), turned into the stored logo with [`rpma_core::org::normalize_logo`]
//! and decoded for the preview; [`FilePicker::poll`] takes the result on a later frame.

use std::path::{Path, PathBuf};

use egui::ColorImage;
use rpma_core::{CoreError, Lang, org};

use super::file_browser::{BrowsePolicy, BrowserOutcome, FileBrowser};
use super::system_dialog::{DialogOutcome, SystemDialog};
use super::theme::Tokens;
use crate::tasks::thread::{Pending, spawn_named};

/// Extensions offered by the dialog's filter.
const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg"];

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

/// One "choose an image" at a time: the system dialog or the in-app browser, then the file is
/// prepared off the UI thread.
#[derive(Debug, Default)]
pub struct FilePicker {
    dialog: SystemDialog,
    browser: Option<FileBrowser>,
    title: String,
    lang: Lang,
    prep: Option<Pending<Result<PickedImage, PickError>>>,
    injected: Option<Result<PickedImage, PickError>>,
}

impl FilePicker {
    /// Lets the user choose an image (dialog or browser titled `title`); does nothing while a
    /// choice is under way.
    pub fn open(&mut self, ctx: &egui::Context, lang: Lang, title: &str) {
        if self.busy() {
            return;
        }
        self.title = title.to_owned();
        self.lang = lang;
        if BrowsePolicy::of(ctx).browser_first() {
            self.browser = Some(FileBrowser::open(ctx, title, false));
        } else {
            let filter = lang.tr("file-dialog-images");
            self.dialog
                .open(ctx, title, (&filter, IMAGE_EXTENSIONS), false);
        }
    }

    /// Reads and prepares the chosen file on its own thread.
    fn prepare_path(&mut self, ctx: &egui::Context, path: PathBuf) {
        let (repaint_ctx, lang) = (ctx.clone(), self.lang);
        let repaint = move || repaint_ctx.request_repaint();
        match spawn_named("rpma-file-prepare", repaint, move || {
            read_and_prepare(&path, lang)
        }) {
            Ok(p) => self.prep = Some(p),
            Err(e) => {
                tracing::error!("cannot start the file thread: {e}");
                self.injected = Some(Err(PickError::Refused(
                    self.lang.tr("file-dialog-unavailable"),
                )));
            }
        }
    }

    /// Draws the in-app browser while it is open.
    pub fn browser_ui(&mut self, ctx: &egui::Context, t: &Tokens, lang: Lang) {
        let Some(b) = &mut self.browser else {
            return;
        };
        match b.ui(ctx, t, lang) {
            BrowserOutcome::Open => {}
            BrowserOutcome::Cancelled => self.browser = None,
            BrowserOutcome::Picked(paths) => {
                self.browser = None;
                if let Some(p) = paths.into_iter().next() {
                    self.prepare_path(ctx, p);
                }
            }
        }
    }

    /// The outcome once it is there: the image, or why there is none. When no system dialog
    /// could be shown, says so ([`PickError::Unavailable`]) and opens the in-app browser. `None`
    /// while the choice is under way and after a cancel.
    pub fn poll(&mut self, ctx: &egui::Context) -> Option<Result<PickedImage, PickError>> {
        if let Some(r) = self.injected.take() {
            return Some(r);
        }
        match self.dialog.poll() {
            Some(DialogOutcome::Picked(paths)) => {
                if let Some(p) = paths.into_iter().next() {
                    self.prepare_path(ctx, p);
                }
            }
            Some(DialogOutcome::Unavailable) => {
                let msg = self.lang.tr("file-dialog-unavailable");
                let mut b = FileBrowser::open(ctx, &self.title, false);
                b.set_notice(msg.clone());
                self.browser = Some(b);
                return Some(Err(PickError::Unavailable(msg)));
            }
            Some(DialogOutcome::Cancelled) | None => {}
        }
        let outcome = self.prep.as_ref()?.poll()?;
        self.prep = None;
        // A preparation that panicked (a decoder bug) is said, never waited for.
        Some(outcome.unwrap_or_else(|e| {
            tracing::error!("preparing the image failed: {}", e.0);
            Err(PickError::Refused(self.lang.tr("file-prepare-failed")))
        }))
    }

    /// True while the dialog or the browser is open, or the chosen file is being prepared.
    pub fn busy(&self) -> bool {
        self.dialog.busy() || self.browser.is_some() || self.prep.is_some()
    }

    /// True while the in-app browser is open (tests).
    pub fn browsing(&self) -> bool {
        self.browser.is_some()
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
        let ctx = egui::Context::default();
        let mut p = FilePicker::default();
        assert!(p.poll(&ctx).is_none());
        p.inject(Err(PickError::Refused("non".into())));
        assert!(!p.busy());
        assert_eq!(p.poll(&ctx).unwrap().unwrap_err().message(), "non");
        assert!(p.poll(&ctx).is_none());
    }

    #[test]
    fn a_preparation_that_panicked_is_said_not_waited_for() {
        let ctx = egui::Context::default();
        let mut p = FilePicker {
            lang: Lang::En,
            prep: Some(Pending::ready(Err(crate::tasks::TaskFailed(
                "decoder bug".into(),
            )))),
            ..FilePicker::default()
        };
        assert!(p.busy());
        let err = p.poll(&ctx).unwrap().unwrap_err();
        assert_eq!(err, PickError::Refused(Lang::En.tr("file-prepare-failed")));
        assert!(!p.busy(), "the picker is free again");
        assert!(p.poll(&ctx).is_none());
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
