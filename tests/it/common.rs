//! What the integration test files share: a fresh work dir per test, the checks on a
//! finished run of the binary, and the fixtures' paths.
#![allow(dead_code)] // each test file uses a part

use std::path::{Path, PathBuf};
use std::process::Output;

/// A fresh, empty folder under the system temp dir, removed on drop:
/// `conflictmap-<test module>-<name>-<pid>`.
pub struct WorkDir {
    pub dir: PathBuf,
}

impl WorkDir {
    #[track_caller]
    pub fn new(name: &str) -> WorkDir {
        // the calling module's file name keeps the tests of different modules apart
        let caller = std::panic::Location::caller().file();
        let suite = Path::new(caller).file_stem().and_then(|s| s.to_str()).unwrap_or("it");
        let dir = std::env::temp_dir().join(format!("conflictmap-{suite}-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        WorkDir { dir }
    }

    pub fn path(&self, p: &str) -> PathBuf {
        self.dir.join(p)
    }

    /// Write a file into the work dir and return its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        std::fs::write(self.path(name), bytes).unwrap();
        self.path(name).display().to_string()
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The standard output of a run, failing the test with its standard error (and output)
/// when it exited non-zero.
pub fn succeeded(out: Output, args: &[&str]) -> String {
    assert!(
        out.status.success(),
        "conflictmap {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The path of a file in tests/fixtures.
pub fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name).display().to_string()
}
