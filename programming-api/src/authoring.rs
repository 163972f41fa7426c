//! Teachers' assignments: checking a draft, grading its reference solution through a
//! grader, storing it, and keeping learners' cached views in step.
//!
//! Saving never stores a draft whose reference solution does not pass: the API has no
//! sandbox, so it asks a grader for a check (`contract::keys::enqueue_check`: the request
//! in Redis, an entry on the work stream) and waits, bounded, for the answer.

use anyhow::Context;
use course::languages;
use sqlx::types::Json;
use uuid::Uuid;
use wire::admin::{AdminAssignment, AssignmentDraft, CheckRequest, CheckResult, IoCase};
use wire::visibility::TestVisibility;
use wire::Status;

use crate::error::ApiError;
use crate::reserved;
use crate::state::AppState;

/// Bounds of what a teacher may store.
/// Text bounds are in characters, as the OpenAPI document states them (`wire::admin`).
const TITLE_MAX_CHARS: usize = 200;
const TEXT_MAX_CHARS: usize = 65_536;
const CODE_MAX_CHARS: usize = 32_768;
const TIME_LIMITS_MS: std::ops::RangeInclusive<i32> = 500..=60_000;
const MEMORY_LIMITS_MB: std::ops::RangeInclusive<i32> = 16..=1024;
const POINTS: std::ops::RangeInclusive<i32> = 0..=10_000;
const MODULE_NAME_MAX: usize = 64;
const VISIBILITY_MAX_ENTRIES: usize = 500;
const CASES_MAX: usize = 100;
const CASE_NAME_MAX: usize = 100;
const CASE_TEXT_MAX_BYTES: usize = 1024 * 1024;
const CASES_TOTAL_MAX_BYTES: usize = 8 * 1024 * 1024;
/// A submission's whole run: the time limit applies to each case and to the tests' run.
const RUN_TIME_MAX_MS: i64 = 60_000;
/// One blocking wait for a check's answer; the connection's response timeout is longer.
const CHECK_POLL: std::time::Duration = std::time::Duration::from_millis(200);

/// Refuses a draft the platform cannot store or grade, naming the field.
pub(crate) fn validate(draft: &AssignmentDraft) -> Result<(), ApiError> {
    let invalid = |message: String| Err(ApiError::InvalidBody(message));
    let title = draft.title.trim();
    if title.is_empty() || title.chars().count() > TITLE_MAX_CHARS {
        return invalid(format!("title must have 1 to {TITLE_MAX_CHARS} characters"));
    }
    let Some(language) = languages::get(&draft.language) else {
        let known: Vec<&str> = languages::names().collect();
        return invalid(format!(
            "language {:?} is not one of {}",
            draft.language,
            known.join(", ")
        ));
    };
    if !is_identifier(&draft.module_name) || draft.module_name.len() > MODULE_NAME_MAX {
        return invalid(format!(
            "module_name must be a Python identifier of at most {MODULE_NAME_MAX} characters"
        ));
    }
    if reserved::is_reserved(&draft.module_name) {
        return invalid(format!(
            "module_name {:?} is a Python keyword or a standard module the tests may need; \
             choose another name",
            draft.module_name
        ));
    }
    validate_cases(&draft.io_cases)?;
    if draft.test_visibility.len() > VISIBILITY_MAX_ENTRIES {
        return invalid(format!(
            "test_visibility may name at most {VISIBILITY_MAX_ENTRIES} tests"
        ));
    }
    // A unittest method's name, or a node:test name (which may hold spaces: `group > case`).
    if let Some(name) = draft.test_visibility.keys().find(|name| {
        name.trim().is_empty()
            || name.trim() != name.as_str()
            || name.chars().count() > TITLE_MAX_CHARS
            || name.chars().any(char::is_control)
    }) {
        return invalid(format!(
            "test_visibility: {name:?} is not a test's name (1 to {TITLE_MAX_CHARS} \
             characters, no control characters, no space at either end)"
        ));
    }
    let tests = draft.test_code.as_deref().unwrap_or_default();
    let has_tests = !tests.trim().is_empty();
    if !has_tests && draft.io_cases.is_empty() {
        return invalid(match &language.tests {
            Some(style) => format!("test_code ({style} tests) or io_cases are required"),
            None => format!(
                "io_cases are required ({} has no hidden-test style)",
                language.name
            ),
        });
    }
    if has_tests && language.tests.is_none() {
        return invalid(format!(
            "test_code: {} assignments are graded with io_cases only",
            language.name
        ));
    }
    for (field, text, max) in [
        ("handout", draft.handout.as_str(), TEXT_MAX_CHARS),
        ("starter_code", draft.starter_code.as_str(), CODE_MAX_CHARS),
        ("test_code", tests, CODE_MAX_CHARS),
        (
            "reference_solution",
            draft.reference_solution.as_str(),
            CODE_MAX_CHARS,
        ),
    ] {
        if text.chars().count() > max {
            return invalid(format!("{field} may be at most {max} characters"));
        }
    }
    for (field, value, range) in [
        ("points", draft.points, POINTS),
        ("time_limit_ms", draft.time_limit_ms, TIME_LIMITS_MS),
        ("memory_limit_mb", draft.memory_limit_mb, MEMORY_LIMITS_MB),
    ] {
        if !range.contains(&value) {
            return invalid(format!(
                "{field} must be between {} and {}",
                range.start(),
                range.end()
            ));
        }
    }
    if draft.order.is_some_and(|order| order < 1) {
        return invalid("order must be at least 1".to_owned());
    }
    let runs = i64::from(has_tests) + draft.io_cases.len() as i64;
    if i64::from(draft.time_limit_ms) * runs > RUN_TIME_MAX_MS {
        return invalid(format!(
            "time_limit_ms applies to each case (and to the tests' run): {} ms x {runs} runs \
             is more than the {RUN_TIME_MAX_MS} ms a submission may take; lower time_limit_ms",
            draft.time_limit_ms
        ));
    }
    Ok(())
}

/// Refuses cases the runner could not tell apart or the platform should not carry.
fn validate_cases(cases: &[IoCase]) -> Result<(), ApiError> {
    let invalid = |message: String| Err(ApiError::InvalidBody(message));
    if cases.len() > CASES_MAX {
        return invalid(format!("io_cases may hold at most {CASES_MAX} cases"));
    }
    let mut names = std::collections::BTreeSet::new();
    let mut total = 0;
    for (index, case) in cases.iter().enumerate() {
        let name = &case.name;
        if name.is_empty()
            || name.len() > CASE_NAME_MAX
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        {
            return invalid(format!(
                "io_cases[{index}].name must be 1 to {CASE_NAME_MAX} of A-Z a-z 0-9 _ - ."
            ));
        }
        if !names.insert(name.as_str()) {
            return invalid(format!("io_cases[{index}].name {name:?} is used twice"));
        }
        for (field, text) in [
            ("input", &case.input),
            ("expected_output", &case.expected_output),
        ] {
            if text.len() > CASE_TEXT_MAX_BYTES {
                return invalid(format!(
                    "io_cases[{index}].{field} may be at most {CASE_TEXT_MAX_BYTES} bytes"
                ));
            }
            if text.contains('\0') {
                return invalid(format!("io_cases[{index}].{field} may not contain NUL"));
            }
            total += text.len();
        }
    }
    if total > CASES_TOTAL_MAX_BYTES {
        return invalid(format!(
            "io_cases may hold at most {CASES_TOTAL_MAX_BYTES} bytes of input and output in all"
        ));
    }
    Ok(())
}

/// `[A-Za-z_][A-Za-z0-9_]*`: what the runner can import (the database checks it too).
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Grades `code` against `draft`'s tests on a grader; waits at most `state.check_wait`.
pub(crate) async fn check(
    state: &AppState,
    draft: &AssignmentDraft,
    code: &str,
) -> Result<CheckResult, ApiError> {
    let request = CheckRequest {
        code: code.to_owned(),
        language: draft.language.clone(),
        test_code: draft.test_code.clone().unwrap_or_default(),
        io_cases: draft.io_cases.clone(),
        module_name: draft.module_name.clone(),
        time_limit_ms: draft.time_limit_ms,
        memory_limit_mb: draft.memory_limit_mb,
    };
    let request = serde_json::to_string(&request)
        .context("a check request serializes")
        .map_err(ApiError::Internal)?;
    let id = Uuid::new_v4();
    let mut conn = state
        .redis
        .get()
        .await
        .map_err(|err| ApiError::Unavailable(err.into()))?;
    let language = crate::languages::name_of(&draft.language)?;
    contract::keys::enqueue_check(&state.keys, language, id, &request)
        .query_async::<()>(&mut conn)
        .await
        .map_err(|err| ApiError::Unavailable(err.into()))?;
    // Short blocking waits, each well inside the connection's response timeout.
    let deadline = tokio::time::Instant::now() + state.check_wait;
    let answer = loop {
        let answer: Option<(String, String)> = deadpool_redis::redis::cmd("BLPOP")
            .arg(state.keys.check_result(id))
            .arg(CHECK_POLL.as_secs_f64())
            .query_async(&mut conn)
            .await
            .map_err(|err| ApiError::Unavailable(err.into()))?;
        match answer {
            Some((_, answer)) => break answer,
            None if tokio::time::Instant::now() >= deadline => {
                return Err(ApiError::NoGrader(state.check_wait))
            }
            None => {}
        }
    };
    serde_json::from_str(&answer)
        .with_context(|| format!("a grader's check result does not parse: {answer}"))
        .map_err(ApiError::Internal)
}

/// Whether saving `draft` over `stored` changes what decides a grade (tests, reference,
/// module name, language, limits), so that its reference must be graded again.
pub(crate) fn grading_changes(stored: &AdminAssignment, draft: &AssignmentDraft) -> bool {
    stored.test_code.as_deref().unwrap_or_default()
        != draft.test_code.as_deref().unwrap_or_default()
        || stored.reference_solution != draft.reference_solution
        || stored.module_name != draft.module_name
        || stored.language != draft.language
        || stored.time_limit_ms != draft.time_limit_ms
        || stored.memory_limit_mb != draft.memory_limit_mb
        || stored.io_cases != draft.io_cases
}

/// Checks the draft's reference solution: passing, or the error to answer with.
pub(crate) async fn reference_passes(
    state: &AppState,
    draft: &AssignmentDraft,
) -> Result<(), ApiError> {
    let result = check(state, draft, &draft.reference_solution).await?;
    match result.status {
        Status::Passed => Ok(()),
        // Failed, or `error`: the draft's tests could not run at all.
        _ => Err(ApiError::ReferenceFailed(Box::new(result))),
    }
}

/// Every assignment that is not archived, in course order, or only the one with `id`.
pub(crate) async fn load(
    state: &AppState,
    id: Option<i64>,
) -> Result<Vec<AdminAssignment>, ApiError> {
    let rows = sqlx::query!(
        r#"SELECT id, title, position AS "order", language, points, handout, starter_code,
                  module_name, test_code, io_cases AS "io_cases: Json<Vec<IoCase>>",
                  test_visibility AS "test_visibility: Json<TestVisibility>",
                  reference_solution, time_limit_ms, memory_limit_mb, published, test_version,
                  origin, created_at, updated_at
           FROM assignments
           WHERE archived_at IS NULL AND ($1::bigint IS NULL OR id = $1)
           ORDER BY position"#,
        id
    )
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| AdminAssignment {
            id: row.id,
            title: row.title,
            order: row.order,
            language: row.language,
            points: row.points,
            handout: row.handout,
            starter_code: row.starter_code,
            module_name: row.module_name,
            // No hidden tests (an assignment of cases only) is null, as it was written.
            test_code: Some(row.test_code).filter(|tests| !tests.is_empty()),
            io_cases: row.io_cases.0,
            test_visibility: row.test_visibility.0,
            reference_solution: row.reference_solution,
            time_limit_ms: row.time_limit_ms,
            memory_limit_mb: row.memory_limit_mb,
            published: row.published,
            test_version: row.test_version,
            origin: row.origin,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
        .collect())
}

/// One assignment, or 404.
pub(crate) async fn load_one(state: &AppState, id: i64) -> Result<AdminAssignment, ApiError> {
    load(state, Some(id))
        .await?
        .pop()
        .ok_or_else(|| ApiError::not_found("assignment"))
}

/// Stores a new assignment (its reference already checked) at `draft.order`, or after
/// the last one; returns its id.
pub(crate) async fn insert(state: &AppState, draft: &AssignmentDraft) -> Result<i64, ApiError> {
    let mut tx = state.db.begin().await?;
    let slug = format!("t-{}", Uuid::new_v4().simple());
    let id = insert_in(&mut tx, draft, &slug).await?;
    tx.commit().await?;
    forget_catalog(state, id).await;
    Ok(id)
}

/// [`insert`] inside the caller's transaction, under `slug`; the caller forgets the cache.
pub(crate) async fn insert_in(
    tx: &mut sqlx::PgConnection,
    draft: &AssignmentDraft,
    slug: &str,
) -> Result<i64, ApiError> {
    let last: i32 =
        sqlx::query_scalar!(r#"SELECT coalesce(max(position), 0) AS "last!" FROM assignments"#)
            .fetch_one(&mut *tx)
            .await?;
    let order = draft.order.map_or(last + 1, |order| order.min(last + 1));
    // Make room: the position constraint is checked at commit.
    sqlx::query!(
        "UPDATE assignments SET position = position + 1 WHERE position >= $1",
        order
    )
    .execute(&mut *tx)
    .await?;
    let id = sqlx::query_scalar!(
        "INSERT INTO assignments (slug, position, title, language, points, handout, starter_code,
                                  module_name, test_code, reference_solution, time_limit_ms,
                                  memory_limit_mb, published, test_visibility, io_cases, origin)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'teacher')
         RETURNING id",
        slug,
        order,
        draft.title.trim(),
        draft.language,
        draft.points,
        draft.handout,
        draft.starter_code,
        draft.module_name,
        draft.test_code.as_deref().unwrap_or_default(),
        draft.reference_solution,
        draft.time_limit_ms,
        draft.memory_limit_mb,
        draft.published,
        Json(&draft.test_visibility) as _,
        Json(&draft.io_cases) as _,
    )
    .fetch_one(&mut *tx)
    .await?;
    Ok(id)
}

/// Replaces assignment `id` with `draft` (its reference already checked). New tests bump
/// the test version, so no earlier verdict is reused for them. `false` when there is no
/// such assignment (or it is archived).
pub(crate) async fn update(
    state: &AppState,
    id: i64,
    draft: &AssignmentDraft,
) -> Result<bool, ApiError> {
    let mut tx = state.db.begin().await?;
    if !update_in(&mut tx, id, draft).await? {
        return Ok(false);
    }
    tx.commit().await?;
    forget_catalog(state, id).await;
    Ok(true)
}

/// [`update`] inside the caller's transaction; the caller forgets the cache.
pub(crate) async fn update_in(
    tx: &mut sqlx::PgConnection,
    id: i64,
    draft: &AssignmentDraft,
) -> Result<bool, ApiError> {
    let Some(old) = sqlx::query_scalar!(
        "SELECT position FROM assignments WHERE id = $1 AND archived_at IS NULL FOR UPDATE",
        id
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(false);
    };
    let last: i32 =
        sqlx::query_scalar!(r#"SELECT coalesce(max(position), 0) AS "last!" FROM assignments"#)
            .fetch_one(&mut *tx)
            .await?;
    let order = draft.order.unwrap_or(old).min(last);
    // The others between the old and the new place move one step toward the gap.
    sqlx::query!(
        "UPDATE assignments SET position = position + sign($1::int - $2::int)::int
         WHERE id <> $3 AND position BETWEEN least($1::int, $2::int) AND greatest($1::int, $2::int)",
        old,
        order,
        id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE assignments SET position = $2, title = $3, language = $4, points = $5,
                handout = $6, starter_code = $7, module_name = $8,
                test_version = test_version
                    + (test_code IS DISTINCT FROM $9 OR test_visibility IS DISTINCT FROM $14
                       OR io_cases IS DISTINCT FROM $15 OR language IS DISTINCT FROM $4)::int,
                test_code = $9, reference_solution = $10, time_limit_ms = $11,
                memory_limit_mb = $12, published = $13, test_visibility = $14, io_cases = $15,
                origin = 'teacher', updated_at = now()
         WHERE id = $1",
        id,
        order,
        draft.title.trim(),
        draft.language,
        draft.points,
        draft.handout,
        draft.starter_code,
        draft.module_name,
        draft.test_code.as_deref().unwrap_or_default(),
        draft.reference_solution,
        draft.time_limit_ms,
        draft.memory_limit_mb,
        draft.published,
        Json(&draft.test_visibility) as _,
        Json(&draft.io_cases) as _,
    )
    .execute(&mut *tx)
    .await?;
    Ok(true)
}

/// Archives assignment `id`: learners stop seeing it, its submissions stay. `false` when
/// there is no such assignment (or it is archived already).
pub(crate) async fn archive(state: &AppState, id: i64) -> Result<bool, ApiError> {
    let archived = sqlx::query!(
        "UPDATE assignments SET archived_at = now(), origin = 'teacher', updated_at = now()
         WHERE id = $1 AND archived_at IS NULL",
        id
    )
    .execute(&state.db)
    .await?
    .rows_affected();
    if archived > 0 {
        forget_catalog(state, id).await;
    }
    Ok(archived > 0)
}

/// Drops the cached list and the cached assignment after a write; failures are logged
/// (the copies then expire within the catalog's TTL).
pub(crate) async fn forget_catalog(state: &AppState, id: i64) {
    state.catalog.forget(id);
    let result = match state.redis.get().await {
        Ok(mut conn) => deadpool_redis::redis::cmd("DEL")
            .arg(state.keys.assignment_list_cache())
            .arg(state.keys.assignment_cache(id))
            .query_async::<()>(&mut conn)
            .await
            .map_err(anyhow::Error::from),
        Err(err) => Err(err.into()),
    };
    if let Err(err) = result {
        tracing::warn!(assignment_id = id, error = %err, "forgetting the cached catalog failed");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> AssignmentDraft {
        serde_json::from_value(serde_json::json!({
            "title": "Add", "test_code": "import unittest", "reference_solution": "x = 1"
        }))
        .unwrap()
    }

    fn case(name: &str) -> IoCase {
        serde_json::from_value(serde_json::json!({"name": name, "expected_output": "1"})).unwrap()
    }

    #[test]
    fn cases_alone_grade_any_language() {
        for language in ["python", "cpp", "javascript"] {
            let mut draft = draft();
            draft.language = language.into();
            draft.test_code = None;
            draft.io_cases = vec![case("small"), case("large.2")];
            assert!(validate(&draft).is_ok(), "{language}");
        }
        assert_eq!(case("a").compare, wire::admin::Compare::Lines);
    }

    #[test]
    fn defaults_make_a_valid_draft() {
        let draft = draft();
        assert_eq!(draft.language, "python");
        assert_eq!(draft.module_name, "solution");
        assert_eq!(
            (draft.time_limit_ms, draft.memory_limit_mb, draft.points),
            (5000, 128, 100)
        );
        assert!(!draft.published);
        assert!(validate(&draft).is_ok());
    }

    #[test]
    fn only_what_decides_a_grade_needs_the_reference_graded_again() {
        let draft = draft();
        let stored: AdminAssignment = serde_json::from_value(serde_json::json!({
            "id": 1, "title": "Old", "order": 3, "language": "python", "points": 1,
            "handout": "old", "starter_code": "", "module_name": "solution",
            "test_code": "import unittest", "io_cases": [], "test_visibility": {},
            "reference_solution": "x = 1", "time_limit_ms": 5000, "memory_limit_mb": 128,
            "published": false, "test_version": 1, "origin": "teacher",
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"
        }))
        .unwrap();
        assert!(
            !grading_changes(&stored, &draft),
            "title, order, points, handout"
        );
        type Change = fn(&mut AssignmentDraft);
        let changes: [Change; 5] = [
            |d| d.test_code = Some("import unittest\n".into()),
            |d| d.reference_solution = "x = 2".into(),
            |d| d.module_name = "other".into(),
            |d| d.time_limit_ms = 6000,
            |d| d.memory_limit_mb = 64,
        ];
        for change in changes {
            let mut changed = draft.clone();
            change(&mut changed);
            assert!(grading_changes(&stored, &changed), "{changed:?}");
        }
    }

    #[test]
    fn each_bad_field_is_refused_by_name() {
        type Spoil = fn(&mut AssignmentDraft);
        let cases: [(&str, Spoil); 16] = [
            ("title", |d| d.title = "  ".into()),
            ("language", |d| d.language = "cobol".into()),
            ("module_name", |d| d.module_name = "2fast".into()),
            ("module_name", |d| d.module_name = "unittest".into()),
            ("test_visibility", |d| {
                d.test_visibility
                    .insert("test_a\n(n=1)".into(), wire::visibility::Visibility::Hide);
            }),
            ("io_cases", |d| d.io_cases = vec![case("a b")]),
            ("io_cases", |d| d.io_cases = vec![case("a"), case("a")]),
            ("io_cases", |d| d.io_cases = vec![case("a"); 101]),
            ("io_cases", |d| {
                d.io_cases = vec![IoCase {
                    input: "x".repeat(1024 * 1024 + 1),
                    ..case("a")
                }]
            }),
            ("test_code", |d| d.test_code = None),
            ("test_code", |d| {
                d.language = "cpp".into();
                d.io_cases = vec![case("a")];
            }),
            ("io_cases are required", |d| {
                d.language = "cpp".into();
                d.test_code = None;
            }),
            ("time_limit_ms", |d| {
                d.time_limit_ms = 5000;
                d.io_cases = (0..12).map(|n| case(&format!("c{n}"))).collect();
            }),
            ("time_limit_ms", |d| d.time_limit_ms = 10),
            ("memory_limit_mb", |d| d.memory_limit_mb = 100_000),
            ("order", |d| d.order = Some(0)),
        ];
        for (field, spoil) in cases {
            let mut bad = draft();
            spoil(&mut bad);
            match validate(&bad) {
                Err(ApiError::InvalidBody(message)) => {
                    assert!(message.contains(field), "{message}")
                }
                other => panic!("{field}: {other:?}"),
            }
        }
    }
}
