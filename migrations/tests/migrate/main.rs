//! The migrate step against a real Postgres: schema, seed, idempotence.

use tokio_postgres::NoTls;

async fn client(url: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(url, NoTls).await.unwrap();
    tokio::spawn(connection);
    client
}

#[tokio::test]
async fn migrate_seeds_the_catalog_in_order_and_is_idempotent() {
    let url = migrations::test_support::fresh_database().await.unwrap();
    // The template was migrated once; running the whole step again must change nothing.
    migrations::migrate(&url).await.unwrap();
    let db = client(&url).await;
    let rows = db
        .query(
            "SELECT title, position, test_version FROM assignments ORDER BY position",
            &[],
        )
        .await
        .unwrap();
    let catalog = migrations::catalog::embedded().unwrap();
    assert_eq!(rows.len(), catalog.len());
    let titles: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
    assert_eq!(&titles[..3], ["Hello", "Hello world", "Sum"]);
    assert!(
        rows.iter().all(|r| r.get::<_, i32>(2) == 1),
        "re-seeding bumped a test_version"
    );
}

#[tokio::test]
async fn reseeding_after_a_test_change_bumps_only_that_test_version() {
    let url = migrations::test_support::fresh_database().await.unwrap();
    let db = client(&url).await;
    db.execute(
        "UPDATE assignments SET test_code = 'changed' WHERE position = 2",
        &[],
    )
    .await
    .unwrap();
    db.execute(
        "UPDATE assignments SET title = 'Renamed' WHERE position = 3",
        &[],
    )
    .await
    .unwrap();
    migrations::migrate(&url).await.unwrap();
    let rows = db
        .query("SELECT position, title, test_version FROM assignments WHERE position <= 3 ORDER BY position", &[])
        .await
        .unwrap();
    let versions: Vec<(i32, String, i32)> = rows
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    assert_eq!(
        versions,
        [
            (1, "Hello".into(), 1),
            (2, "Hello world".into(), 2),
            (3, "Sum".into(), 1)
        ]
    );
}

#[tokio::test]
async fn reseeding_leaves_a_teachers_edits_and_positions_alone() {
    let url = migrations::test_support::fresh_database().await.unwrap();
    let db = client(&url).await;
    // A teacher edited the second assignment (the admin API marks it `teacher`) ...
    db.execute(
        "UPDATE assignments SET title = 'Edited', test_code = 'mine', origin = 'teacher' \
         WHERE position = 2",
        &[],
    )
    .await
    .unwrap();
    // ... and put an assignment of their own where the catalog's third one was.
    db.execute(
        "UPDATE assignments SET position = 100 WHERE position = 3",
        &[],
    )
    .await
    .unwrap();
    db.execute(
        "INSERT INTO assignments (slug, position, title, handout, test_code, reference_solution, origin) \
         VALUES ('t-own', 3, 'Own', '', 'tests', 'code', 'teacher')",
        &[],
    )
    .await
    .unwrap();
    migrations::migrate(&url).await.unwrap();
    let rows = db
        .query(
            "SELECT position, title, test_version, origin FROM assignments \
             WHERE position IN (2, 3) OR slug = 'sum' ORDER BY position",
            &[],
        )
        .await
        .unwrap();
    let rows: Vec<(i32, String, i32, String)> = rows
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect();
    assert_eq!(
        rows,
        [
            (2, "Edited".into(), 1, "teacher".into()),
            (3, "Own".into(), 1, "teacher".into()),
            // The catalog's Sum keeps the place it was moved to rather than take the
            // teacher's.
            (100, "Sum".into(), 1, "catalog".into()),
        ]
    );
}

#[tokio::test]
async fn one_open_submission_per_learner_is_enforced_by_the_schema() {
    let url = migrations::test_support::fresh_database().await.unwrap();
    let db = client(&url).await;
    let user = "00000000-0000-4000-8000-000000000001";
    db.batch_execute(&format!(
        "INSERT INTO users (id) VALUES ('{user}');
         INSERT INTO submissions (id, assignment_id, user_id, code, code_hash, test_version)
         VALUES ('00000000-0000-4000-8000-0000000000a1', 1, '{user}', 'x', '\\x00', 1);"
    ))
    .await
    .unwrap();
    let second = db
        .batch_execute(&format!(
            "INSERT INTO submissions (id, assignment_id, user_id, code, code_hash, test_version)
             VALUES ('00000000-0000-4000-8000-0000000000a2', 1, '{user}', 'y', '\\x00', 1)"
        ))
        .await
        .unwrap_err();
    assert_eq!(
        second.as_db_error().map(|e| e.constraint()),
        Some(Some("submissions_one_open_per_user"))
    );
    // A failed submission needs a verdict, and only a failed one may have one.
    let bad = db
        .batch_execute(
            "UPDATE submissions SET status = 'failed' WHERE id = '00000000-0000-4000-8000-0000000000a1'",
        )
        .await;
    assert!(bad.is_err());
}
