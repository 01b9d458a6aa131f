//! One error type for the library. Each variant carries what failed and where.

use std::path::PathBuf;

/// Everything that can go wrong in conflictmap's library code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The user gave input we cannot use (bad file contents, bad flag value…).
    /// `location` names the file/line/field, `hint` says how to fix it.
    #[error("{location}: {message}{}", hint.as_ref().map(|h| format!("\nhint: {h}")).unwrap_or_default())]
    Input {
        location: String,
        message: String,
        hint: Option<String>,
    },
    /// The SQLite store failed.
    #[error("store {path}: {message}")]
    Store { path: String, message: String },
    /// Drawing or encoding an image failed.
    #[error("render: {0}")]
    Render(String),
    /// Embedded data is broken (a bug in the build, not the user's fault).
    #[error("internal data error: {0}")]
    Data(String),
}

impl Error {
    /// A user-input error at `location` (e.g. `"article.txt:3"`, `"--published"`).
    pub fn input(location: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Input { location: location.into(), message: message.into(), hint: None }
    }

    /// Same as [`Error::input`], with a hint the user can act on.
    pub fn input_hint(
        location: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Error::Input { location: location.into(), message: message.into(), hint: Some(hint.into()) }
    }

    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }

    /// Exit code: 2 for the user's input, 3 for the environment (files, store), 4 for bugs.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input { .. } => 2,
            Error::Io { .. } | Error::Store { .. } | Error::Render(_) => 3,
            Error::Data(_) => 4,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
