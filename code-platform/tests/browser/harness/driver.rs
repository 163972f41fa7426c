//! chromedriver and headless Chromium, started per test and always torn down.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

/// A chromedriver process on a free loopback port; killed when dropped.
pub(super) struct Chromedriver {
    child: Child,
    url: String,
}

impl Chromedriver {
    pub(super) fn start() -> Chromedriver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("finding a free port")
            .port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|err| {
                panic!(
                    "cannot start chromedriver ({err}): install Debian's chromium and \
                     chromium-driver (`./platform test` does)"
                )
            });
        let driver = Chromedriver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh Chromium profile directory, removed when dropped, so no test sees another
/// test's cookies or cache.
pub(super) struct Profile(PathBuf);

impl Profile {
    pub(super) fn new() -> Profile {
        let dir = std::env::temp_dir().join(format!("cp-chromium-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("creating the Chromium profile directory");
        Profile(dir)
    }
}

impl Drop for Profile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Opens a WebDriver session: headless Chromium with a viewport of `width` x `height`.
pub(super) async fn session(
    driver: &Chromedriver,
    profile: &Profile,
    width: u32,
    height: u32,
) -> Client {
    let args = [
        "--headless".to_owned(),
        "--no-sandbox".to_owned(),
        "--disable-gpu".to_owned(),
        "--disable-quic".to_owned(),
        "--no-first-run".to_owned(),
        "--disable-background-networking".to_owned(),
        "--disable-component-update".to_owned(),
        "--disable-sync".to_owned(),
        "--disable-dev-shm-usage".to_owned(),
        format!("--window-size={width},{height}"),
        format!("--user-data-dir={}", profile.0.display()),
    ];
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": { "args": args, "binary": "/usr/bin/chromium" },
    });
    let serde_json::Value::Object(capabilities) = capabilities else {
        unreachable!("a JSON object literal")
    };
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("opening a Chromium session through chromedriver");
    fit_viewport(&client, width, height).await;
    client
}

/// Resizes the window so that the viewport (not the window) is `width` x `height`,
/// since headless Chromium still reserves room for browser chrome in its window size.
async fn fit_viewport(client: &Client, width: u32, height: u32) {
    let inner = client
        .execute("return [window.innerWidth, window.innerHeight]", vec![])
        .await
        .expect("reading the viewport size");
    let (Some(inner_width), Some(inner_height)) = (inner[0].as_u64(), inner[1].as_u64()) else {
        panic!("unexpected viewport size {inner}")
    };
    let (outer_width, outer_height) = client.get_window_size().await.expect("window size");
    let target_width = outer_width + u64::from(width) - inner_width;
    let target_height = outer_height + u64::from(height) - inner_height;
    client
        .set_window_size(
            u32::try_from(target_width).expect("a sane width"),
            u32::try_from(target_height).expect("a sane height"),
        )
        .await
        .expect("resizing the window");
}
