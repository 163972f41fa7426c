//! Loading the catalog into `assignments`.

use anyhow::Context;

use crate::catalog::CatalogAssignment;

/// Inserts new catalog assignments and updates changed ones, matched by slug. When an
/// assignment's hidden tests change its `test_version` goes up, so verdicts of the old
/// tests are never reused. A row a teacher has edited (origin `teacher`) is left alone,
/// and a position a teacher's assignment holds is not taken from it: a new catalog
/// assignment goes after the last one instead. Returns how many rows changed. Runs in one
/// transaction.
pub(crate) async fn seed(
    client: &mut tokio_postgres::Client,
    catalog: &[CatalogAssignment],
) -> anyhow::Result<u64> {
    let tx = client.transaction().await?;
    let upsert = tx
        .prepare(
            "INSERT INTO assignments (slug, position, title, points, time_limit_ms, memory_limit_mb, \
                                      handout, starter_code, test_code, reference_solution, \
                                      language, module_name, test_visibility, published, io_cases) \
             VALUES ($1, CASE WHEN EXISTS (SELECT 1 FROM assignments \
                                           WHERE position = $2 AND slug <> $1) \
                              THEN (SELECT max(position) + 1 FROM assignments) ELSE $2 END, \
                     $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::text::jsonb, $14, $15::text::jsonb) \
             ON CONFLICT (slug) DO UPDATE SET \
                position = CASE WHEN EXISTS (SELECT 1 FROM assignments o \
                                             WHERE o.position = $2 AND o.slug <> $1) \
                           THEN assignments.position ELSE $2 END, \
                title = EXCLUDED.title, points = EXCLUDED.points, \
                time_limit_ms = EXCLUDED.time_limit_ms, memory_limit_mb = EXCLUDED.memory_limit_mb, \
                handout = EXCLUDED.handout, starter_code = EXCLUDED.starter_code, \
                test_code = EXCLUDED.test_code, reference_solution = EXCLUDED.reference_solution, \
                language = EXCLUDED.language, module_name = EXCLUDED.module_name, \
                test_visibility = EXCLUDED.test_visibility, published = EXCLUDED.published, \
                io_cases = EXCLUDED.io_cases, \
                test_version = assignments.test_version \
                    + (assignments.test_code IS DISTINCT FROM EXCLUDED.test_code \
                       OR assignments.test_visibility IS DISTINCT FROM EXCLUDED.test_visibility \
                       OR assignments.io_cases IS DISTINCT FROM EXCLUDED.io_cases \
                       OR assignments.language IS DISTINCT FROM EXCLUDED.language)::int, \
                updated_at = now() \
             WHERE assignments.origin = 'catalog' AND (assignments.position, assignments.title, assignments.points, \
                    assignments.time_limit_ms, assignments.memory_limit_mb, assignments.handout, \
                    assignments.starter_code, assignments.test_code, assignments.reference_solution, \
                    assignments.language, assignments.module_name, assignments.test_visibility, \
                    assignments.published, assignments.io_cases) \
                IS DISTINCT FROM \
                   ($2, EXCLUDED.title, EXCLUDED.points, EXCLUDED.time_limit_ms, \
                    EXCLUDED.memory_limit_mb, EXCLUDED.handout, EXCLUDED.starter_code, \
                    EXCLUDED.test_code, EXCLUDED.reference_solution, EXCLUDED.language, \
                    EXCLUDED.module_name, EXCLUDED.test_visibility, EXCLUDED.published, \
                    EXCLUDED.io_cases)",
        )
        .await?;
    let mut changed = 0;
    for a in catalog {
        let visibility = serde_json::to_string(&a.test_visibility)?;
        let io_cases = serde_json::to_string(&a.io_cases)?;
        changed += tx
            .execute(
                &upsert,
                &[
                    &a.slug,
                    &a.position,
                    &a.title,
                    &a.points,
                    &a.time_limit_ms,
                    &a.memory_limit_mb,
                    &a.handout,
                    &a.starter_code,
                    &a.test_code,
                    &a.reference_solution,
                    &a.language,
                    &a.module_name,
                    &visibility,
                    &a.published,
                    &io_cases,
                ],
            )
            .await
            .with_context(|| format!("seeding assignment {}", a.slug))?;
    }
    tx.commit().await?;
    Ok(changed)
}
