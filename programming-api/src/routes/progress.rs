//! `GET /api/me/progress`.

use std::collections::HashSet;

use axum::extract::State;
use axum::Json;
use wire::Progress;

use crate::catalog::{self, CatalogEntry};
use crate::error::ApiError;
use crate::extract::CurrentUser;
use crate::state::AppState;

/// A learner's progress through `catalog`, given the ids they have passed.
fn compute(catalog: &[CatalogEntry], completed: &HashSet<i64>) -> Progress {
    let done = |entry: &&CatalogEntry| completed.contains(&entry.id);
    Progress {
        points: catalog
            .iter()
            .filter(done)
            .map(|entry| i64::from(entry.points))
            .sum(),
        completed: catalog.iter().filter(done).map(|entry| entry.id).collect(),
        total: i64::try_from(catalog.len()).unwrap_or(i64::MAX),
        total_points: catalog.iter().map(|entry| i64::from(entry.points)).sum(),
        next_assignment_id: catalog
            .iter()
            .find(|entry| !done(entry))
            .map(|entry| entry.id),
    }
}

#[utoipa::path(get, path = "/api/me/progress", operation_id = "get_progress", summary = "The learner's progress through the course",
    responses((status = 200, body = Progress, description = "Progress")))]
#[tracing::instrument(skip_all, fields(user_id = %user.id))]
pub(crate) async fn get(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Progress>, ApiError> {
    let entries = catalog::list(&state).await?;
    let completed: HashSet<i64> = catalog::completed(&state, user.id)
        .await?
        .into_iter()
        .collect();
    Ok(Json(compute(&entries, &completed)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64, points: i32) -> CatalogEntry {
        CatalogEntry {
            id,
            title: format!("a{id}"),
            order: id as i32,
            language: "python".into(),
            points,
        }
    }

    #[test]
    fn next_is_the_first_incomplete_in_course_order() {
        // Course order differs from id order on purpose.
        let catalog = [entry(3, 10), entry(1, 20), entry(2, 30)];
        let progress = compute(&catalog, &HashSet::from([3, 2]));
        assert_eq!(progress.completed, vec![3, 2]);
        assert_eq!(progress.points, 40);
        assert_eq!(progress.total, 3);
        assert_eq!(progress.total_points, 60);
        assert_eq!(progress.next_assignment_id, Some(1));
    }

    #[test]
    fn next_is_none_when_everything_is_done() {
        let catalog = [entry(1, 10), entry(2, 10)];
        let progress = compute(&catalog, &HashSet::from([1, 2, 99]));
        assert_eq!(progress.next_assignment_id, None);
        assert_eq!(progress.points, 20);
    }
}
