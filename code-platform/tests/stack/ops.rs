//! The operator's routines from README.md ("Operating a swarm"), run as written there:
//! a Postgres backup restored into a second database, and a rotation of the Postgres
//! password secret.

use std::time::{Duration, Instant};

use crate::api::{Api, HELLO};
use crate::swarm::Stack;

const COUNTS: &str = "SELECT (SELECT count(*) FROM users) || ' ' || \
     (SELECT count(*) FROM submissions) || ' ' || \
     (SELECT count(*) FROM submissions WHERE status = 'passed')";

fn counts(stack: &Stack, postgres: &str, database: &str) -> String {
    stack
        .docker(&[
            "exec", postgres, "psql", "-U", "platform", "-d", database, "-tAc", COUNTS,
        ])
        .trim()
        .to_owned()
}

/// `pg_dump -Fc` of the platform's database, restored with `pg_restore` into a new
/// database: the same users and submissions come back. Returns the dump's size.
pub(crate) fn backup_and_restore(stack: &Stack) -> usize {
    let postgres = stack.container_of("postgres");
    let dump = stack.docker_with_input(
        &[
            "exec",
            &postgres,
            "pg_dump",
            "-U",
            "platform",
            "-Fc",
            "code_platform",
        ],
        None,
    );
    stack.docker(&[
        "exec",
        &postgres,
        "createdb",
        "-U",
        "platform",
        "restore_check",
    ]);
    stack.docker_with_input(
        &[
            "exec",
            "-i",
            &postgres,
            "pg_restore",
            "-U",
            "platform",
            "-d",
            "restore_check",
            "--clean",
            "--if-exists",
        ],
        Some(&dump),
    );
    let original = counts(stack, &postgres, "code_platform");
    let restored = counts(stack, &postgres, "restore_check");
    println!(
        "stack: backup of {} bytes restored; users, submissions, passed: {restored}",
        dump.len()
    );
    assert_eq!(
        original, restored,
        "the restored database holds what the original did"
    );
    assert!(
        !original.starts_with("0 "),
        "the database has users: {original}"
    );
    dump.len()
}

/// Rotates the Postgres password as README.md says: a new secret, the password changed in
/// Postgres, the stack deployed with `CP_POSTGRES_PASSWORD_SECRET` naming the new secret,
/// the old secret removed (docker refuses while a service still uses it). Then a learner
/// must still be able to submit and get a verdict through the edge.
pub(crate) async fn rotate_postgres_password(stack: &Stack, base: &str) -> Duration {
    let started = Instant::now();
    let old = std::env::var("CP_POSTGRES_PASSWORD_SECRET").expect("CP_POSTGRES_PASSWORD_SECRET");
    let new = format!("{old}-rotated");
    let password = uuid::Uuid::new_v4().simple().to_string();
    stack.docker_with_input(&["secret", "create", &new, "-"], Some(password.as_bytes()));
    let postgres = stack.container_of("postgres");
    let alter = format!("ALTER ROLE platform PASSWORD '{password}'");
    stack.docker(&[
        "exec",
        &postgres,
        "psql",
        "-U",
        "platform",
        "-d",
        "code_platform",
        "-c",
        &alter,
    ]);
    let updated = ["programming-api", "websocket", "grader-python"];
    let previous: Vec<String> = updated.iter().map(|s| stack.update_started(s)).collect();
    let stack_file = concat!(env!("CARGO_MANIFEST_DIR"), "/../docker-stack.yml");
    let output = std::process::Command::new("docker")
        .args([
            "stack",
            "deploy",
            "--resolve-image",
            "never",
            "-c",
            stack_file,
            &stack.name,
        ])
        .env("CP_POSTGRES_PASSWORD_SECRET", &new)
        .output()
        .expect("docker stack deploy");
    assert!(
        output.status.success(),
        "docker stack deploy: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    for short in [
        "programming-api",
        "websocket",
        "grader-python",
        "migrate",
        "postgres",
    ] {
        let secrets = stack.inspect(
            short,
            "{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{.SecretName}} {{end}}",
        );
        assert!(secrets.contains(&new), "{short} uses {new}: {secrets}");
    }
    for (short, previous) in updated.iter().zip(&previous) {
        stack.wait_updated(short, previous).await;
    }
    stack.docker(&["secret", "rm", &old]);
    submit_and_get_a_verdict(base).await;
    started.elapsed()
}

/// A new learner's Hello through the edge, retried while the stack settles (2 minutes).
async fn submit_and_get_a_verdict(base: &str) {
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut last = String::new();
    while Instant::now() < deadline {
        match try_submit(base).await {
            Ok(status) => {
                assert_eq!(status, "passed");
                return;
            }
            Err(err) => last = err,
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    panic!("no verdict through the edge after the rotation: {last}");
}

async fn try_submit(base: &str) -> Result<String, String> {
    let api = Api::learner(base).await?;
    let id = api.submit(api.hello_id().await?, HELLO).await?;
    api.final_status(&id).await
}
