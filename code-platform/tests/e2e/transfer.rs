//! Courses as folders: export, import (through the API and `./platform import`), a bad
//! folder rejected by its path with nothing of it stored, and imports that are idempotent.

use std::path::Path;

use course::archive::{self, Limits};
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{spawn_platform, Learner};

const IMPORT: &str = "/api/admin/assignments/import";
const EXPORT: &str = "/api/admin/assignments/export";

fn folder(position: i32, slug: &str, reference: &str) -> course::Assignment {
    course::Assignment {
        slug: slug.into(),
        position,
        title: format!("Imported {slug}"),
        language: "python".into(),
        points: 20,
        time_limit_ms: 3000,
        memory_limit_mb: 64,
        module_name: "doubling".into(),
        published: true,
        test_visibility: [("test_secret".to_owned(), course::Visibility::Hide)].into(),
        handout: "# Double\n\nReturn twice `x`.\n".into(),
        starter_code: "def double(x):\n    pass\n".into(),
        test_code: "import unittest\nfrom doubling import double\n\nclass T(unittest.TestCase):\n    def test_two(self):\n        self.assertEqual(double(2), 4)\n\n    def test_secret(self):\n        self.assertEqual(double(7), 14)\n".into(),
        io_cases: Vec::new(),
        reference_solution: reference.into(),
        wrong_solutions: vec![("plus-one.py".into(), "def double(x):\n    return x + 1\n".into())],
    }
}

async fn import(admin: &Learner, archive: Vec<u8>) -> (u16, Value) {
    let (status, _, body) = admin
        .send_bytes(Method::POST, IMPORT, "application/gzip", archive)
        .await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

fn actions(report: &Value) -> Vec<(String, String)> {
    report["imported"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["path"].as_str().unwrap().to_owned(),
                i["action"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn rejected(report: &Value) -> Vec<(String, String)> {
    report["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["path"].as_str().unwrap().to_owned(),
                r["error"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_course_goes_out_and_comes_back_as_folders() {
    let platform = spawn_platform().await;
    let admin = platform.admin().await;
    let learner = platform.learner().await;
    let (_, before) = admin
        .send(Method::GET, "/api/admin/assignments", None)
        .await;
    let catalog_size = before["assignments"].as_array().unwrap().len();

    // Export: every assignment as a folder of the catalog's format.
    let (status, headers, exported) = admin
        .send_bytes(Method::GET, EXPORT, "application/json", Vec::new())
        .await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/gzip");
    let folders = archive::unpack(&exported, Limits::default()).unwrap();
    assert_eq!(folders.len(), catalog_size);
    assert_eq!(folders[0].path, "01-hello");
    assert_eq!(folders[0].assignment.as_ref().unwrap().title, "Hello");
    // Importing the export changes nothing and grades nothing.
    let (status, report) = import(&admin, exported.clone()).await;
    assert_eq!(status, 200, "{report}");
    assert!(
        actions(&report)
            .iter()
            .all(|(_, action)| action == "unchanged"),
        "{report}"
    );
    assert_eq!(actions(&report).len(), catalog_size);

    // A course with a new assignment, a changed one, a failing reference and a bad limit.
    let mut hello = folders[0].assignment.clone().unwrap();
    hello.title = "Hello, imported".into();
    let good = "def double(x):\n    return 2 * x\n";
    let mut bad_limit = folder(31, "bad-limit", good);
    bad_limit.time_limit_ms = 5;
    let course = vec![
        hello,
        folder(20, "double", good),
        folder(30, "failing", "def double(x):\n    return x\n"),
        bad_limit,
    ];
    let packed = archive::pack(&course).unwrap();
    let (status, report) = import(&admin, packed.clone()).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        actions(&report),
        [
            ("01-hello".to_owned(), "updated".to_owned()),
            ("20-double".to_owned(), "created".to_owned())
        ]
    );
    let rejected_now = rejected(&report);
    assert_eq!(rejected_now.len(), 2, "{report}");
    assert_eq!(rejected_now[0].0, "30-failing");
    assert!(rejected_now[0].1.contains("reference solution"), "{report}");
    assert_eq!(rejected_now[1].0, "31-bad-limit");
    assert!(rejected_now[1].1.contains("time_limit_ms"), "{report}");
    let (_, after) = admin
        .send(Method::GET, "/api/admin/assignments", None)
        .await;
    let titles: Vec<&str> = after["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), catalog_size + 1, "{titles:?}");
    assert!(titles.contains(&"Hello, imported") && titles.contains(&"Imported double"));
    assert!(
        !titles.contains(&"Imported failing"),
        "a rejected folder leaves nothing"
    );
    let double = after["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Imported double")
        .unwrap();
    assert_eq!(double["module_name"], "doubling");
    assert_eq!(double["test_visibility"], json!({ "test_secret": "hide" }));
    let id = double["id"].as_i64().unwrap();
    assert_eq!(learner.get(&format!("/api/assignments/{id}")).await.0, 200);

    // Twice is the same as once.
    let (status, again) = import(&admin, packed).await;
    assert_eq!(status, 200, "{again}");
    assert!(
        actions(&again)
            .iter()
            .all(|(_, action)| action == "unchanged"),
        "{again}"
    );
    assert_eq!(again["imported"][1]["id"], id);
    let (_, twice) = admin
        .send(Method::GET, "/api/admin/assignments", None)
        .await;
    assert_eq!(
        twice["assignments"].as_array().unwrap().len(),
        catalog_size + 1
    );

    // What is not an archive, or not sent as one, or not by an admin, is refused.
    let (status, refused) = import(&admin, b"not an archive".to_vec()).await;
    assert_eq!(
        (status, &refused["error"]["code"]),
        (400, &json!("invalid_archive"))
    );
    let (status, _, _) = admin
        .send_bytes(Method::POST, IMPORT, "application/json", b"{}".to_vec())
        .await;
    assert_eq!(status, 415);
    let (status, _, _) = learner
        .send_bytes(Method::POST, IMPORT, "application/gzip", exported)
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn platform_import_loads_a_folder_into_a_running_platform() {
    let platform = spawn_platform().await;
    let admin = platform.admin().await;
    let dir = std::env::temp_dir().join(format!("cp-import-{}", std::process::id()));
    for assignment in [folder(
        40,
        "from-disk",
        "def double(x):\n    return 2 * x\n",
    )] {
        let folder = dir.join("course").join(assignment.folder_name());
        for (name, text) in assignment.files() {
            let path = folder.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../platform");
    let port = platform.base.rsplit(':').next().unwrap().to_owned();
    let course = dir.join("course");
    let run = move || {
        std::process::Command::new(&script)
            .arg("import")
            .arg(&course)
            .env("CP_PORT", &port)
            .env("CP_ADMIN_USERNAME", crate::helpers::ADMIN_USERNAME)
            .env("CP_ADMIN_PASSWORD", crate::helpers::ADMIN_PASSWORD)
            .output()
            .unwrap()
    };
    let first = tokio::task::spawn_blocking(run.clone()).await.unwrap();
    let out = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(out.contains("created  40-from-disk"), "{out}");
    let second = tokio::task::spawn_blocking(run).await.unwrap();
    let out = String::from_utf8_lossy(&second.stdout);
    assert!(
        second.status.success() && out.contains("unchanged  40-from-disk"),
        "{out}{}",
        String::from_utf8_lossy(&second.stderr)
    );
    let (_, list) = admin
        .send(Method::GET, "/api/admin/assignments", None)
        .await;
    let from_disk = list["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["title"] == "Imported from-disk")
        .count();
    assert_eq!(from_disk, 1);
    std::fs::remove_dir_all(&dir).unwrap();
}
