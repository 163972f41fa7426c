//! Containers a dead grader left behind are removed once they expire.

use std::collections::HashMap;

use bollard::models::ContainerCreateBody;
use bollard::query_parameters::{CreateContainerOptions, InspectContainerOptions};
use bollard::Docker;
use grader_api::sandbox::docker::reap_expired;

async fn abandoned_container(docker: &Docker, expires: &str) -> String {
    let image =
        std::env::var("GRADER_IMAGE").unwrap_or_else(|_| "code-platform/grader:latest".to_owned());
    let body = ContainerCreateBody {
        image: Some(image),
        cmd: Some(vec!["true".to_owned()]),
        labels: Some(HashMap::from([
            ("code-platform.sandbox".to_owned(), "1".to_owned()),
            (
                "code-platform.sandbox.owner".to_owned(),
                "a-dead-grader".to_owned(),
            ),
            (
                "code-platform.sandbox.expires".to_owned(),
                expires.to_owned(),
            ),
        ])),
        ..Default::default()
    };
    docker
        .create_container(None::<CreateContainerOptions>, body)
        .await
        .expect("creating a container")
        .id
}

async fn exists(docker: &Docker, id: &str) -> bool {
    docker
        .inspect_container(id, None::<InspectContainerOptions>)
        .await
        .is_ok()
}

#[tokio::test]
async fn expired_sandbox_containers_are_reaped_and_live_ones_kept() {
    if !std::env::var("TEST_SANDBOX")
        .unwrap_or_else(|_| "docker".to_owned())
        .contains("docker")
    {
        return;
    }
    let docker = Docker::connect_with_local_defaults().expect("a Docker client");
    let expired = abandoned_container(&docker, "0").await;
    let live = abandoned_container(&docker, "99999999999").await;
    let removed = reap_expired(&docker).await.expect("reaping");
    assert!(removed >= 1, "removed {removed}");
    assert!(
        !exists(&docker, &expired).await,
        "the expired container is still there"
    );
    assert!(
        exists(&docker, &live).await,
        "a container still in use was removed"
    );
    let force = bollard::query_parameters::RemoveContainerOptions {
        force: true,
        ..Default::default()
    };
    docker.remove_container(&live, Some(force)).await.unwrap();
}
