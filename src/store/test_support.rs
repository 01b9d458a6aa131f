//! Test helpers shared by the store and export tests.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh directory under the system temp dir, removed on drop.
pub(crate) struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let dir = std::env::temp_dir().join(format!(
            "conflictmap-test-{label}-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Whether an external tool is on PATH. Absent tools skip a test with a printed reason,
/// unless CONFLICTMAP_REQUIRE_TOOLS=1, where they fail it.
pub(crate) fn require_tool(tool: &str, test: &str) -> bool {
    let found = std::process::Command::new(tool)
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    present_or_skip(
        found,
        &format!("`{tool}` is not installed (apt-get install gdal-bin)"),
        test,
    )
}

/// A Python that has GDAL's GeoPackage validator (`osgeo_utils.samples.validate_gpkg`,
/// Debian package python3-gdal), if any; absent, as for [`require_tool`].
pub(crate) fn gpkg_validator(test: &str) -> Option<&'static str> {
    let python = ["python3", "/usr/bin/python3"].into_iter().find(|python| {
        std::process::Command::new(python)
            .args(["-c", "import osgeo_utils.samples.validate_gpkg"])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    });
    present_or_skip(
        python.is_some(),
        "GDAL's validate_gpkg.py is not installed (apt-get install python3-gdal)",
        test,
    )
    .then_some(python?)
}

fn present_or_skip(found: bool, missing: &str, test: &str) -> bool {
    if !found {
        if std::env::var("CONFLICTMAP_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("{test}: {missing}, and CONFLICTMAP_REQUIRE_TOOLS=1");
        }
        eprintln!("skipping {test}: {missing}");
    }
    found
}
