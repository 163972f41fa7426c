//! What teachers watch and do while learners work: stats that agree with the database
//! and reach admin sockets, every submission listed, filtered and exported, regrades on
//! the bulk lane that never delay a learner, and learners' places in line.

use std::time::{Duration, Instant};

use reqwest::Method;
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::{next_json, spawn_platform, statuses_until_final, Learner, Socket};
use crate::{HELLO, HELLO_WRONG};

/// Graded submissions of `assignment`, one per new learner, made in the database (as a
/// busy evening would have left them): `passed` for the right code, else `failed`.
async fn graded_rows(db: &PgPool, assignment: i64, count: i64, code: &str) -> Vec<Uuid> {
    let passed = code == HELLO;
    sqlx::query_scalar(
        "WITH learners AS (INSERT INTO users (id) SELECT gen_random_uuid()
                           FROM generate_series(1, $1) RETURNING id)
         INSERT INTO submissions (id, assignment_id, user_id, code, code_hash, test_version,
                                  status, verdict, graded_at, started_at)
         SELECT gen_random_uuid(), $2, id, $3 || '# ' || id::text, sha256(id::text::bytea), 1,
                CASE WHEN $4 THEN 'passed' ELSE 'failed' END,
                CASE WHEN $4 THEN NULL ELSE 'tests_failed' END, now(), now()
         FROM learners RETURNING id",
    )
    .bind(count)
    .bind(assignment)
    .bind(code)
    .bind(passed)
    .fetch_all(db)
    .await
    .unwrap()
}

/// Submits `code` and waits for its final frame; the time from the request to it.
async fn timed_submit(
    learner: &Learner,
    socket: &mut Socket,
    assignment: i64,
    code: &str,
) -> (Duration, String) {
    let started = Instant::now();
    let (status, body) = learner.submit(assignment, code).await;
    assert_eq!(status, 202, "{body}");
    let id = body["submission"]["id"].as_str().unwrap().to_owned();
    let (_, last) = statuses_until_final(socket, &id).await;
    assert_eq!(last["status"], "passed", "{last}");
    (started.elapsed(), id)
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

/// What the regrade scenario measured.
struct Measured {
    /// The learner's times (POST -> final frame) before and during the regrade.
    quiet: Vec<Duration>,
    busy: Vec<Duration>,
    /// Frames an admin socket received per second while the regrade ran: the most in
    /// one second, and the mean.
    admin_frames_max: usize,
    admin_frames_mean: f64,
}

/// Counts an admin socket's frames per whole second until `stop`.
async fn count_frames(mut socket: Socket, stop: tokio::sync::oneshot::Receiver<()>) -> Vec<usize> {
    use futures::StreamExt;
    let started = Instant::now();
    let mut per_second = vec![0];
    let mut stop = std::pin::pin!(stop);
    loop {
        tokio::select! {
            _ = &mut stop => return per_second,
            frame = socket.next() => {
                let Some(Ok(_)) = frame else { return per_second };
                let second = started.elapsed().as_secs() as usize;
                per_second.resize(per_second.len().max(second + 1), 0);
                per_second[second] += 1;
            }
        }
    }
}

/// Runs the regrade scenario: `regrades` graded submissions regraded at once while a
/// learner submits `runs` times, an admin socket watching.
async fn regrade_while_learning(regrades: i64, runs: usize) -> Measured {
    let platform = spawn_platform().await;
    let db = platform.db().await;
    let admin = platform.admin().await;
    let learner = platform.learner().await;
    let hello = platform.assignment_id(&learner, 1).await;
    let mut socket = learner.connect().await;
    let regraded = graded_rows(&db, hello, regrades, HELLO).await;

    let mut quiet = Vec::new();
    for run in 0..runs {
        let code = format!("{HELLO}# quiet {run}\n");
        quiet.push(timed_submit(&learner, &mut socket, hello, &code).await.0);
    }

    let (stop_counting, stop) = tokio::sync::oneshot::channel();
    let counting = tokio::spawn(count_frames(admin.connect().await, stop));
    let (status, body) = admin
        .send(
            Method::POST,
            &format!("/api/admin/assignments/{hello}/regrade"),
            None,
        )
        .await;
    assert_eq!(status, 202, "{body}");
    // The learner's own graded submissions are among the latest too.
    assert_eq!(body["queued"], regrades + 1, "{body}");

    let mut busy = Vec::new();
    for run in 0..runs {
        let code = format!("{HELLO}# busy {run}\n");
        let (took, id) = timed_submit(&learner, &mut socket, hello, &code).await;
        busy.push(took);
        // The learner did not wait behind the regrades: a grader took the submission at
        // once, while regrades were still waiting.
        let row = sqlx::query!(
            r#"SELECT (extract(epoch FROM started_at - queued_at) * 1000)::bigint AS "waited_ms!",
                      (SELECT count(*) FROM submissions WHERE lane = 'bulk' AND status = 'queued')
                          AS "bulk_left!"
               FROM submissions WHERE id = $1"#,
            Uuid::parse_str(&id).unwrap()
        )
        .fetch_one(&db)
        .await
        .unwrap();
        if run == 0 {
            assert!(
                row.bulk_left > 0,
                "the regrade finished before the learner's turn"
            );
        }
        assert!(
            row.waited_ms < 2000,
            "the learner's submission waited {} ms for a grader",
            row.waited_ms
        );
    }

    // Every regrade completes, each graded once.
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        let open: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM submissions WHERE id = ANY($1) AND status IN ('queued', 'running')",
        )
        .bind(&regraded)
        .fetch_one(&db)
        .await
        .unwrap();
        if open == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "{open} regrades still open");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let rows: Vec<(String, i32, String)> =
        sqlx::query_as("SELECT status, attempts, lane FROM submissions WHERE id = ANY($1)")
            .bind(&regraded)
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(rows.len() as i64, regrades);
    for (status, attempts, lane) in rows {
        assert_eq!(
            (status.as_str(), attempts, lane.as_str()),
            ("passed", 1, "bulk")
        );
    }
    let _ = stop_counting.send(());
    let per_second = counting.await.unwrap();
    let total: usize = per_second.iter().sum();
    // Each regrade's running and final frames, at least.
    assert!(
        total as i64 >= 2 * regrades,
        "the admin socket got {total} frames"
    );
    Measured {
        quiet,
        busy,
        admin_frames_max: per_second.iter().copied().max().unwrap_or(0),
        admin_frames_mean: total as f64 / per_second.len() as f64,
    }
}

#[tokio::test]
async fn a_course_wide_regrade_never_delays_a_learner_and_grades_each_once() {
    let measured = regrade_while_learning(60, 3).await;
    println!(
        "learner verdicts: median {:?} quiet, {:?} during a 60-submission regrade",
        median(measured.quiet),
        median(measured.busy)
    );
}

/// Not a test but a benchmark (`./platform bench`): the learner's verdict time with and
/// without a 1,000-submission regrade running.
#[tokio::test]
#[ignore = "benchmark: run with ./platform bench"]
async fn bench_regrade_learner_latency() {
    let measured = regrade_while_learning(1000, 11).await;
    println!(
        "regrade: learner POST -> final frame median {:.0} ms quiet, {:.0} ms during a 1000-submission regrade ({} runs each); an admin socket got {:.0} frames/s on average, {} at most",
        median(measured.quiet.clone()).as_secs_f64() * 1000.0,
        median(measured.busy.clone()).as_secs_f64() * 1000.0,
        measured.quiet.len(),
        measured.admin_frames_mean,
        measured.admin_frames_max
    );
}

#[tokio::test]
async fn stats_agree_with_the_database_and_reach_admin_sockets() {
    let platform = spawn_platform().await;
    let db = platform.db().await;
    let admin = platform.admin().await;
    let hello = {
        let learner = platform.learner().await;
        platform.assignment_id(&learner, 1).await
    };
    for (n, code) in [HELLO, HELLO_WRONG, HELLO].into_iter().enumerate() {
        let learner = platform.learner().await;
        let mut socket = learner.connect().await;
        // Distinct code, so no verdict is reused (a reused one has no frames).
        let (_, body) = learner.submit(hello, &format!("{code}# {n}\n")).await;
        statuses_until_final(&mut socket, body["submission"]["id"].as_str().unwrap()).await;
    }
    // A waiting regrade and an old, slow verdict, so every figure has something to count.
    let old = graded_rows(&db, hello, 1, HELLO_WRONG).await;
    sqlx::query("UPDATE submissions SET status = 'queued', verdict = NULL, lane = 'bulk', queued_at = now() - interval '3 seconds' WHERE id = $1")
        .bind(old[0])
        .execute(&db)
        .await
        .unwrap();

    let (status, stats) = admin.get("/api/admin/stats").await;
    assert_eq!(status, 200, "{stats}");
    let queue: (i64, i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE status = 'queued'), count(*) FILTER (WHERE status = 'running'),
                count(*) FILTER (WHERE status = 'queued' AND lane = 'bulk') FROM submissions",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(stats["queue"]["depth"], queue.0, "{stats}");
    assert_eq!(stats["queue"]["in_flight"], queue.1, "{stats}");
    assert_eq!(stats["queue"]["bulk_depth"], queue.2, "{stats}");
    let oldest = stats["queue"]["oldest_queued_ms"].as_i64().unwrap();
    assert!((3000..60_000).contains(&oldest), "{stats}");
    let graded: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM submissions WHERE graded_at > now() - interval '1 minute' AND started_at IS NOT NULL",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(stats["graded_last_minute"], graded, "{stats}");
    assert!(graded >= 3);
    let (p50, p95, p99) = (
        stats["latency_ms"]["p50"].as_i64().unwrap(),
        stats["latency_ms"]["p95"].as_i64().unwrap(),
        stats["latency_ms"]["p99"].as_i64().unwrap(),
    );
    assert!(0 < p50 && p50 <= p95 && p95 <= p99, "{stats}");

    let figures: (i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT count(*), count(DISTINCT user_id), count(DISTINCT user_id) FILTER (WHERE status = 'passed'),
                count(*) FILTER (WHERE status = 'passed'), count(*) FILTER (WHERE status IN ('passed', 'failed'))
         FROM submissions WHERE assignment_id = $1",
    )
    .bind(hello)
    .fetch_one(&db)
    .await
    .unwrap();
    let row = stats["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == hello)
        .unwrap();
    assert_eq!(row["title"], "Hello");
    assert_eq!(
        (
            row["submissions"].as_i64(),
            row["learners"].as_i64(),
            row["solved_by"].as_i64()
        ),
        (Some(figures.0), Some(figures.1), Some(figures.2)),
        "{row}"
    );
    assert_eq!((figures.0, figures.2), (4, 2));
    let rate = row["pass_rate"].as_f64().unwrap();
    assert!(
        (rate - figures.3 as f64 / figures.4 as f64).abs() < 1e-9,
        "{row}"
    );
    let grader = &stats["graders"][0];
    assert_eq!(grader["slots"], 4, "{stats}");
    assert_eq!(
        grader["languages"],
        serde_json::json!(["cpp", "javascript", "python"])
    );
    let lanes = stats["queue"]["lanes"].as_array().unwrap();
    assert_eq!(lanes.len(), 2, "{stats}");

    // Learners may not look.
    let learner = platform.learner().await;
    let (status, refused) = learner.get("/api/admin/stats").await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (403, Some("forbidden"))
    );

    // Admin sockets get a stats frame at least every 2 s.
    let mut socket = admin.connect().await;
    let mut arrivals = Vec::new();
    let started = Instant::now();
    while arrivals.len() < 3 {
        let frame = next_json(&mut socket).await;
        if frame["type"] == "stats" {
            assert!(frame["stats"]["queue"]["depth"].is_i64(), "{frame}");
            arrivals.push(started.elapsed());
        }
    }
    // The first waits for the relay to announce the admin (within a second or two).
    for pair in arrivals.windows(2) {
        assert!(
            pair[1] - pair[0] <= Duration::from_millis(2100),
            "{arrivals:?}"
        );
    }
    // The history has the samples taken meanwhile.
    let (status, history) = admin.get("/api/admin/stats/history").await;
    assert_eq!(status, 200);
    assert!(
        !history["samples"].as_array().unwrap().is_empty(),
        "{history}"
    );
}

#[tokio::test]
async fn teachers_list_filter_export_and_regrade_one_submission() {
    let platform = spawn_platform().await;
    let db = platform.db().await;
    let admin = platform.admin().await;
    let alice = platform.learner().await;
    let bob = platform.learner().await;
    let hello = platform.assignment_id(&alice, 1).await;
    let mut alice_socket = alice.connect().await;
    let mut bob_socket = bob.connect().await;
    let (_, body) = alice.submit(hello, "=cmd|' /C calc'!A0\n").await;
    let formula = body["submission"]["id"].as_str().unwrap().to_owned();
    statuses_until_final(&mut alice_socket, &formula).await;
    let (_, body) = bob.submit(hello, HELLO).await;
    let passed = body["submission"]["id"].as_str().unwrap().to_owned();
    statuses_until_final(&mut bob_socket, &passed).await;

    let (status, all) = admin.get("/api/admin/submissions").await;
    assert_eq!(status, 200, "{all}");
    assert_eq!(all["total"], 2);
    assert_eq!(all["submissions"][0]["id"], passed.as_str(), "newest first");
    let (_, failed) = admin.get("/api/admin/submissions?status=failed").await;
    assert_eq!(failed["total"], 1);
    assert_eq!(failed["submissions"][0]["id"], formula.as_str());
    let (_, bobs) = admin
        .get(&format!(
            "/api/admin/submissions?user_id={}&assignment_id={hello}",
            bob.id
        ))
        .await;
    assert_eq!(bobs["total"], 1);
    assert_eq!(bobs["submissions"][0]["user_id"], bob.id.as_str());
    let (_, page) = admin.get("/api/admin/submissions?per_page=1&page=2").await;
    assert_eq!(
        (
            page["total"].as_i64(),
            page["submissions"].as_array().unwrap().len()
        ),
        (Some(2), 1)
    );
    for bad in ["status=done", "user_id=nobody", "format=xml", "per_page=0"] {
        let (status, body) = admin.get(&format!("/api/admin/submissions?{bad}")).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (400, Some("invalid_query")),
            "{bad}"
        );
    }
    let (status, _) = alice.get("/api/admin/submissions").await;
    assert_eq!(status, 403);
    let (status, one) = admin
        .get(&format!("/api/admin/submissions/{formula}"))
        .await;
    assert_eq!(
        (status, one["submission"]["id"].as_str()),
        (200, Some(formula.as_str()))
    );

    // The CSV opens in a spreadsheet: a header, a record per submission, and the
    // learner's code is never a formula there.
    let (status, headers, bytes) = admin
        .send_bytes(
            Method::GET,
            "/api/admin/submissions?format=csv",
            "text/plain",
            Vec::new(),
        )
        .await;
    assert_eq!(status, 200);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = String::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    assert!(
        text.starts_with("id,created_at,assignment_id,assignment,user_id,status,verdict"),
        "{text}"
    );
    assert!(text.contains("\"'=cmd|' /C calc'!A0\n\""), "{text}");
    assert_eq!(text.matches(&passed).count(), 1);
    assert!(text.contains(",passed,,"), "{text}");

    // Regrading one: same id, back through queued and running to a verdict, live.
    let (status, regraded) = admin
        .send(
            Method::POST,
            &format!("/api/admin/submissions/{passed}/regrade"),
            None,
        )
        .await;
    assert_eq!(status, 202, "{regraded}");
    assert_eq!(regraded["submission"]["id"], passed.as_str());
    assert_eq!(regraded["submission"]["status"], "queued");
    let (mut seen, last) = statuses_until_final(&mut bob_socket, &passed).await;
    seen.dedup();
    assert_eq!(seen, ["queued", "running", "passed"]);
    assert!(last["graded_at"].is_string(), "{last}");

    // Open submissions are not regraded; unknown ones are not found.
    let open = Uuid::new_v4();
    sqlx::query("INSERT INTO submissions (id, assignment_id, user_id, code, code_hash, test_version) VALUES ($1, $2, $3, 'x', 'x', 1)")
        .bind(open)
        .bind(hello)
        .bind(Uuid::parse_str(&alice.id).unwrap())
        .execute(&db)
        .await
        .unwrap();
    let (status, body) = admin
        .send(
            Method::POST,
            &format!("/api/admin/submissions/{open}/regrade"),
            None,
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("submission_in_progress"))
    );
    let (status, _) = admin
        .send(
            Method::POST,
            &format!("/api/admin/submissions/{}/regrade", Uuid::new_v4()),
            None,
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = admin
        .send(Method::POST, "/api/admin/assignments/999999/regrade", None)
        .await;
    assert_eq!(status, 404);
    let (status, _) = alice
        .send(
            Method::POST,
            &format!("/api/admin/submissions/{passed}/regrade"),
            None,
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_pass_being_regraded_still_counts_and_the_learner_may_submit() {
    let platform = spawn_platform().await;
    let db = platform.db().await;
    let hello = {
        let someone = platform.learner().await;
        platform.assignment_id(&someone, 1).await
    };
    // (A learner who has read nothing yet, so nothing of theirs is cached.)
    let learner = platform.learner().await;
    // A pass whose regrade waits on the bulk lane (not on any stream: no grader takes it).
    sqlx::query(
        "INSERT INTO submissions (id, assignment_id, user_id, code, code_hash, test_version, lane,
                                  passed_before_regrade)
         VALUES (gen_random_uuid(), $1, $2, 'x', 'x', 1, 'bulk', true)",
    )
    .bind(hello)
    .bind(Uuid::parse_str(&learner.id).unwrap())
    .execute(&db)
    .await
    .unwrap();
    let (_, progress) = learner.get("/api/me/progress").await;
    assert_eq!(
        progress["completed"],
        serde_json::json!([hello]),
        "{progress}"
    );
    let mut socket = learner.connect().await;
    let (status, body) = learner.submit(hello, HELLO_WRONG).await;
    assert_eq!(status, 202, "{body}");
    statuses_until_final(&mut socket, body["submission"]["id"].as_str().unwrap()).await;
}

#[tokio::test]
async fn queued_submissions_know_their_place_in_line() {
    let platform = spawn_platform().await;
    let db = platform.db().await;
    let hello = {
        let learner = platform.learner().await;
        platform.assignment_id(&learner, 1).await
    };
    // Three learners' submissions waiting (left off the stream, so no grader takes them
    // before the reconciler's 10 s), the second one queued first.
    let mut waiting = Vec::new();
    for age in [2, 3, 1] {
        let learner = platform.learner().await;
        let id = Uuid::new_v4();
        sqlx::query(
            "INSERT INTO submissions (id, assignment_id, user_id, code, code_hash, test_version,
                                      queued_at)
             VALUES ($1, $2, $3, 'x', 'x', 1, now() - $4 * interval '1 second')",
        )
        .bind(id)
        .bind(hello)
        .bind(Uuid::parse_str(&learner.id).unwrap())
        .bind(f64::from(age))
        .execute(&db)
        .await
        .unwrap();
        waiting.push((learner, id));
    }
    let mut etas = Vec::new();
    for ((learner, id), place) in waiting.iter().zip([2, 1, 3]) {
        let (_, read) = learner.get(&format!("/api/submissions/{id}")).await;
        assert_eq!(read["submission"]["queue_position"], place, "{read}");
        etas.push((place, read["submission"]["eta_ms"].as_i64().unwrap()));
        let (_, mine) = learner.get("/api/me/submissions").await;
        assert_eq!(mine["submissions"][0]["queue_position"], place, "{mine}");
    }
    etas.sort();
    assert!(
        etas[0].1 > 0 && etas[0].1 <= etas[1].1 && etas[1].1 <= etas[2].1,
        "{etas:?}"
    );

    // Frames say it too, without being asked.
    let (learner, id) = &waiting[2];
    let mut socket = learner.connect().await;
    let frame = loop {
        let frame = next_json(&mut socket).await;
        if frame["type"] == "submission" && frame["submission"]["id"] == id.to_string() {
            break frame;
        }
    };
    assert_eq!(frame["submission"]["status"], "queued");
    assert_eq!(frame["submission"]["queue_position"], 3, "{frame}");
    assert!(frame["submission"]["eta_ms"].as_i64().unwrap() > 0);

    // A graded submission has neither.
    let graded = platform.learner().await;
    let mut socket = graded.connect().await;
    let (_, body) = graded.submit(hello, HELLO).await;
    let id = body["submission"]["id"].as_str().unwrap().to_owned();
    let (_, last) = statuses_until_final(&mut socket, &id).await;
    let (_, read) = graded.get(&format!("/api/submissions/{id}")).await;
    for submission in [&last, &read["submission"]] {
        assert!(submission.get("queue_position").is_none(), "{submission}");
        assert!(submission.get("eta_ms").is_none(), "{submission}");
    }
}
