//! HTTP for the stages that reach the network (ingesting URLs, map tiles): one blocking
//! reqwest client per process, rustls with the ring provider (no OpenSSL, no aws-lc).

use std::sync::OnceLock;
use std::time::Duration;

/// How long one request may take.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// A fetched body and its `Content-Type`, if the server sent one.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub body: Vec<u8>,
    pub content_type: Option<String>,
}

fn client() -> Result<&'static reqwest::blocking::Client, String> {
    static CLIENT: OnceLock<Result<reqwest::blocking::Client, String>> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            // Err means another provider is already installed, which serves as well.
            let _ = rustls::crypto::ring::default_provider().install_default();
            reqwest::blocking::Client::builder()
                .timeout(TIMEOUT)
                .user_agent(concat!("conflictmap/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(|e| format!("cannot start an HTTP client: {}", error_chain(&e)))
        })
        .as_ref()
        .map_err(|e| e.clone())
}

/// GET `url`; any failure (connection, TLS, HTTP status) is a message naming the URL.
pub fn get(url: &str) -> Result<Fetched, String> {
    let resp = client()?.get(url).send().map_err(|e| format!("{url}: {}", error_chain(&e)))?;
    let status = resp.status();
    if !status.is_success() {
        return Err(format!("{url}: HTTP {status}"));
    }
    let content_type = resp.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(String::from);
    let body = resp.bytes().map(|b| b.to_vec()).map_err(|e| format!("{url}: {}", error_chain(&e)))?;
    Ok(Fetched { body, content_type })
}

/// An error and its causes, joined: reqwest's top-level message alone rarely says why.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(inner) = src {
        let t = inner.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        src = inner.source();
    }
    s
}
