//! Courses in and out as `.tar.gz` archives of assignment folders, in the format of the
//! built-in catalog (`course`).
//!
//! An import reads every folder on its own: a folder that cannot be read, fails the
//! checks of a save, or whose reference solution does not pass is rejected by its path,
//! and the rest are written in one transaction, so no folder is ever half-imported. A
//! folder's slug names its assignment: importing it again updates that assignment, and a
//! folder equal to what is stored changes nothing (nor is it graded again).

use std::collections::{BTreeMap, HashSet};

use futures::stream::{self, StreamExt};
use sqlx::types::Json;
use wire::admin::{AssignmentDraft, ImportReport, Imported, IoCase, Rejected};
use wire::visibility::TestVisibility;

use crate::authoring;
use crate::error::ApiError;
use crate::state::AppState;

/// Reference solutions graded at once during an import.
const PARALLEL_CHECKS: usize = 4;

/// An assignment as stored, with its slug.
struct Stored {
    id: i64,
    slug: String,
    archived: bool,
    assignment: course::Assignment,
}

/// Every stored assignment (archived ones too, when `archived`), in course order.
async fn stored(state: &AppState, archived: bool) -> Result<Vec<Stored>, ApiError> {
    let rows = sqlx::query!(
        r#"SELECT id, slug, position, title, language, points, handout, starter_code,
                  module_name, test_code, test_visibility AS "test_visibility: Json<TestVisibility>",
                  io_cases AS "io_cases: Json<Vec<IoCase>>",
                  reference_solution, time_limit_ms, memory_limit_mb, published,
                  archived_at IS NOT NULL AS "archived!"
           FROM assignments WHERE $1 OR archived_at IS NULL ORDER BY position"#,
        archived
    )
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| Stored {
            id: row.id,
            slug: row.slug.clone(),
            archived: row.archived,
            assignment: course::Assignment {
                slug: row.slug,
                position: row.position,
                title: row.title,
                language: row.language,
                points: row.points,
                time_limit_ms: row.time_limit_ms,
                memory_limit_mb: row.memory_limit_mb,
                module_name: row.module_name,
                published: row.published,
                test_visibility: row.test_visibility.0,
                handout: row.handout,
                starter_code: row.starter_code,
                test_code: row.test_code,
                io_cases: row.io_cases.0,
                reference_solution: row.reference_solution,
                wrong_solutions: Vec::new(),
            },
        })
        .collect())
}

/// Every assignment that is not archived, as a `.tar.gz` of folders.
pub(crate) async fn export(state: &AppState) -> Result<Vec<u8>, ApiError> {
    let course: Vec<course::Assignment> = stored(state, false)
        .await?
        .into_iter()
        .map(|stored| stored.assignment)
        .collect();
    course::archive::pack(&course).map_err(|err| ApiError::Internal(err.into()))
}

/// The draft a folder saves as.
fn draft_of(folder: &course::Assignment) -> AssignmentDraft {
    AssignmentDraft {
        title: folder.title.clone(),
        order: Some(folder.position),
        language: folder.language.clone(),
        points: folder.points,
        handout: folder.handout.clone(),
        starter_code: folder.starter_code.clone(),
        module_name: folder.module_name.clone(),
        test_code: Some(folder.test_code.clone()).filter(|tests| !tests.is_empty()),
        io_cases: folder.io_cases.clone(),
        test_visibility: folder.test_visibility.clone(),
        reference_solution: folder.reference_solution.clone(),
        time_limit_ms: folder.time_limit_ms,
        memory_limit_mb: folder.memory_limit_mb,
        published: folder.published,
    }
}

/// What an import will do with one folder that passed every check.
struct Accepted {
    path: String,
    folder: course::Assignment,
    /// The stored assignment of the same slug: `(id, archived)`.
    existing: Option<(i64, bool)>,
    unchanged: bool,
}

/// Imports the folders of `archive`; see the module's description.
pub(crate) async fn import(state: &AppState, archive: &[u8]) -> Result<ImportReport, ApiError> {
    let found = course::archive::unpack(archive, course::archive::Limits::default())
        .map_err(ApiError::InvalidArchive)?;
    if found.is_empty() {
        return Err(ApiError::InvalidArchive(
            "the archive holds no assignment folder (a folder NN-slug with an assignment.toml)"
                .to_owned(),
        ));
    }
    let stored: BTreeMap<String, Stored> = stored(state, true)
        .await?
        .into_iter()
        .map(|stored| (stored.slug.clone(), stored))
        .collect();
    // A position past the end is stored as the last one (`authoring::update_in`).
    let last_position = stored
        .values()
        .map(|stored| stored.assignment.position)
        .max()
        .unwrap_or(0);
    let mut rejected = Vec::new();
    let mut candidates = Vec::new();
    let mut slugs = HashSet::new();
    for found in found {
        let folder = match found.assignment {
            Ok(folder) => folder,
            Err(error) => {
                rejected.push(Rejected {
                    path: found.path,
                    error,
                });
                continue;
            }
        };
        if !slugs.insert(folder.slug.clone()) {
            rejected.push(Rejected {
                path: found.path,
                error: format!(
                    "another folder of this archive has the slug {:?}",
                    folder.slug
                ),
            });
            continue;
        }
        if let Err(error) = authoring::validate(&draft_of(&folder)) {
            rejected.push(Rejected {
                path: found.path,
                error: error.to_string(),
            });
            continue;
        }
        let existing = stored.get(&folder.slug);
        let unchanged = existing.is_some_and(|stored| {
            !stored.archived && stored.assignment == as_stored(&folder, last_position)
        });
        candidates.push(Accepted {
            path: found.path,
            existing: existing.map(|stored| (stored.id, stored.archived)),
            folder,
            unchanged,
        });
    }

    // Changed folders' reference solutions are graded like a save's, a few at a time.
    let checked: Vec<(Accepted, Result<(), ApiError>)> = stream::iter(candidates)
        .map(|accepted| async move {
            let verdict = if accepted.unchanged {
                Ok(())
            } else {
                authoring::reference_passes(state, &draft_of(&accepted.folder)).await
            };
            (accepted, verdict)
        })
        .buffered(PARALLEL_CHECKS)
        .collect()
        .await;
    let mut accepted = Vec::new();
    for (candidate, verdict) in checked {
        match verdict {
            Ok(()) => accepted.push(candidate),
            Err(ApiError::ReferenceFailed(check)) => rejected.push(Rejected {
                path: candidate.path,
                error: format!(
                    "the reference solution does not pass its tests: {}",
                    check.feedback
                ),
            }),
            // No grader, Redis down: the import as a whole cannot be judged now.
            Err(other) => return Err(other),
        }
    }

    // Every accepted folder in one transaction, in course order.
    accepted.sort_by_key(|accepted| accepted.folder.position);
    let mut imported = Vec::new();
    let mut tx = state.db.begin().await?;
    for accepted in &accepted {
        let draft = draft_of(&accepted.folder);
        let (id, action) = match accepted.existing {
            Some((id, _)) if accepted.unchanged => (id, "unchanged"),
            Some((id, archived)) => {
                if archived {
                    sqlx::query!(
                        "UPDATE assignments SET archived_at = NULL WHERE id = $1",
                        id
                    )
                    .execute(&mut *tx)
                    .await?;
                }
                authoring::update_in(&mut tx, id, &draft).await?;
                (id, "updated")
            }
            None => (
                authoring::insert_in(&mut tx, &draft, &accepted.folder.slug).await?,
                "created",
            ),
        };
        imported.push(Imported {
            path: accepted.path.clone(),
            id,
            slug: accepted.folder.slug.clone(),
            title: accepted.folder.title.clone(),
            action: action.to_owned(),
        });
    }
    tx.commit().await?;
    for imported in &imported {
        if imported.action != "unchanged" {
            authoring::forget_catalog(state, imported.id).await;
        }
    }
    rejected.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(ImportReport { imported, rejected })
}

/// A folder as it would be stored over an existing assignment: no wrong solutions, the
/// title trimmed, and a position past the end made the last.
fn as_stored(folder: &course::Assignment, last_position: i32) -> course::Assignment {
    course::Assignment {
        title: folder.title.trim().to_owned(),
        position: folder.position.min(last_position),
        wrong_solutions: Vec::new(),
        ..folder.clone()
    }
}
