//! Jobs of the workflow template editor. Same contract as every job: the UI sends a
//! [`TemplatesJob`], the worker runs [`handle`], the reply comes back as a [`TemplatesEvent`]
//! inside [`super::JobEvent::Templates`].

use rpma_core::Session;
use rpma_core::ids::TemplateId;
use rpma_core::workflow::{self, Template};
use rpma_core::{CoreError, Lang, Store};

/// Work for the template editor and the job wizard's template choice.
#[derive(Debug, Clone)]
pub enum TemplatesJob {
    /// Every template (inactive ones too when asked).
    List {
        /// Include deactivated templates (editor).
        include_inactive: bool,
    },
    /// Create (empty id) or update a template.
    Save {
        /// The template.
        template: Box<Template>,
    },
    /// Copy a template under a new name.
    Duplicate {
        /// The template to copy.
        id: TemplateId,
        /// Language of the "(copy)" suffix.
        lang: Lang,
    },
}

/// Replies.
#[derive(Debug)]
pub enum TemplatesEvent {
    /// Reply to [`TemplatesJob::List`].
    List(Result<Vec<Template>, CoreError>),
    /// Reply to [`TemplatesJob::Save`] and [`TemplatesJob::Duplicate`].
    Saved(Result<Template, CoreError>),
}

impl TemplatesEvent {
    /// The error it carries, if any (for the log).
    pub fn error(&self) -> Option<&CoreError> {
        match self {
            Self::List(Err(e)) | Self::Saved(Err(e)) => Some(e),
            Self::List(Ok(_)) | Self::Saved(Ok(_)) => None,
        }
    }
}

/// Runs one job.
pub fn handle(store: &mut Store, actor: &Session, job: TemplatesJob) -> TemplatesEvent {
    match job {
        TemplatesJob::List { include_inactive } => TemplatesEvent::List(
            store
                .read_as(actor)
                .and_then(|conn| workflow::list(conn, include_inactive)),
        ),
        TemplatesJob::Save { template } => {
            TemplatesEvent::Saved(workflow::save(store, actor, &template))
        }
        TemplatesJob::Duplicate { id, lang } => {
            TemplatesEvent::Saved(workflow::duplicate(store, actor, &id, lang))
        }
    }
}
