//! The deployed stack, driven through the docker CLI as an operator would.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub(crate) struct Stack {
    pub(crate) name: String,
}

impl Stack {
    pub(crate) fn service(&self, short: &str) -> String {
        format!("{}_{short}", self.name)
    }

    /// Runs `docker ARGS`, panicking with its output when it fails; returns stdout.
    pub(crate) fn docker(&self, args: &[&str]) -> String {
        String::from_utf8_lossy(&self.docker_with_input(args, None)).into_owned()
    }

    /// Runs `docker ARGS` with `input` on its stdin; returns stdout.
    pub(crate) fn docker_with_input(&self, args: &[&str], input: Option<&[u8]>) -> Vec<u8> {
        let mut child = Command::new("docker")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("running docker");
        let mut stdin = child.stdin.take().expect("docker's stdin");
        let input = input.map(<[u8]>::to_vec);
        let writer = std::thread::spawn(move || {
            if let Some(input) = input {
                let _ = stdin.write_all(&input);
            }
        });
        let output = child.wait_with_output().expect("waiting for docker");
        writer.join().expect("writing docker's stdin");
        assert!(
            output.status.success(),
            "docker {}: {}{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        output.stdout
    }

    /// The id of the one running container of a single-replica service.
    pub(crate) fn container_of(&self, short: &str) -> String {
        let label = format!(
            "label=com.docker.swarm.service.name={}",
            self.service(short)
        );
        let ids = self.docker(&["ps", "-q", "--filter", &label, "--filter", "status=running"]);
        let ids: Vec<&str> = ids.split_whitespace().collect();
        assert_eq!(ids.len(), 1, "one running container of {short}: {ids:?}");
        ids[0].to_owned()
    }

    /// `docker service inspect --format FORMAT` of the service.
    pub(crate) fn inspect(&self, short: &str, format: &str) -> String {
        self.docker(&[
            "service",
            "inspect",
            "--format",
            format,
            &self.service(short),
        ])
    }

    /// The replica count the service is set to.
    pub(crate) fn replicas(&self, short: &str) -> usize {
        self.inspect(short, "{{.Spec.Mode.Replicated.Replicas}}")
            .trim()
            .parse()
            .expect("a replica count")
    }

    /// The ids of the service's tasks that are running and meant to go on running.
    pub(crate) fn running_tasks(&self, short: &str) -> Vec<String> {
        self.tasks(short, true)
    }

    /// The ids of the service's tasks whose container runs, including ones told to stop
    /// unless `only_desired_running`.
    fn tasks(&self, short: &str, only_desired_running: bool) -> Vec<String> {
        let service = self.service(short);
        self.docker(&[
            "service",
            "ps",
            "--format",
            "{{.ID}} {{.DesiredState}} {{.CurrentState}}",
            &service,
        ])
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let (id, desired, current) = (fields.next()?, fields.next()?, fields.next()?);
            let wanted = !only_desired_running || desired == "Running";
            (wanted && current == "Running").then(|| id.to_owned())
        })
        .collect()
    }

    /// Scales the service and waits until exactly `replicas` tasks run.
    pub(crate) async fn scale(&self, short: &str, replicas: usize) {
        let target = format!("{}={replicas}", self.service(short));
        self.docker(&["service", "scale", "--detach", &target]);
        self.wait_running(short, replicas, Duration::from_secs(180))
            .await;
    }

    /// Replaces every task of the service one by one (its `update_config`), as an
    /// upgrade to a new image would, and waits until the update completed.
    pub(crate) async fn rolling_restart(&self, short: &str) -> Vec<String> {
        let before = self.running_tasks(short);
        let service = self.service(short);
        let previous = self.update_started(short);
        self.docker(&["service", "update", "--force", "--detach", &service]);
        self.wait_updated(short, &previous).await;
        let after = self.running_tasks(short);
        assert!(
            after.iter().all(|task| !before.contains(task)),
            "every task of {service} is new: before {before:?}, after {after:?}"
        );
        after
    }

    /// When the service's latest update started (empty if it was never updated).
    pub(crate) fn update_started(&self, short: &str) -> String {
        self.update_status(short).1
    }

    /// `(state, started at)` of the service's latest update.
    fn update_status(&self, short: &str) -> (String, String) {
        let status = self.inspect(
            short,
            "{{if .UpdateStatus}}{{.UpdateStatus.State}} {{.UpdateStatus.StartedAt}}{{end}}",
        );
        let (state, started) = status.trim().split_once(' ').unwrap_or_default();
        (state.to_owned(), started.to_owned())
    }

    /// Waits until an update that started after `previous` (see [`Stack::update_started`])
    /// has completed; panics when it is rolled back.
    pub(crate) async fn wait_updated(&self, short: &str, previous: &str) {
        let service = self.service(short);
        let deadline = Instant::now() + Duration::from_secs(300);
        loop {
            let (state, started) = self.update_status(short);
            match state.as_str() {
                _ if started == previous => {}
                "completed" => break,
                "paused" | "rollback_started" | "rollback_completed" | "rollback_paused" => {
                    panic!("the update of {service} went wrong: {state}")
                }
                _ => {}
            }
            assert!(
                Instant::now() < deadline,
                "{service} did not update in 5 min"
            );
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }

    /// What `/metrics` on `port` says on each replica of the service, asked as a
    /// Prometheus would: from a container on the stack's network (which may be on another
    /// node than the replicas), at every address the service's name resolves to.
    pub(crate) fn metrics_of_each_replica(&self, short: &str, port: u16) -> Vec<String> {
        const MARK: &str = "--- replica ---";
        let ask = format!(
            "for ip in $(getent ahostsv4 {short} | cut -d' ' -f1 | sort -u); do \
               echo '{MARK}'; \
               exec 3<>/dev/tcp/$ip/{port} && printf 'GET /metrics HTTP/1.0\\r\\n\\r\\n' >&3 \
                 && timeout 5 cat <&3; \
             done"
        );
        let network = format!("{}_platform", self.name);
        let tag = std::env::var("CP_TAG").unwrap_or_else(|_| "latest".to_owned());
        let image = format!("code-platform/migrate:{tag}");
        let output = self.docker(&[
            "run",
            "--rm",
            "--network",
            &network,
            "--entrypoint",
            "bash",
            &image,
            "-c",
            &ask,
        ]);
        output.split(MARK).skip(1).map(str::to_owned).collect()
    }

    /// How many nodes the swarm has.
    pub(crate) fn node_count(&self) -> usize {
        self.docker(&["node", "ls", "-q"])
            .split_whitespace()
            .count()
    }

    /// How many distinct nodes the service's running tasks are on.
    pub(crate) fn nodes_of(&self, short: &str) -> usize {
        let service = self.service(short);
        let tasks = self.docker(&[
            "service",
            "ps",
            "-q",
            "--filter",
            "desired-state=running",
            &service,
        ]);
        let nodes: std::collections::BTreeSet<String> = tasks
            .split_whitespace()
            .map(|task| {
                self.docker(&["inspect", "--format", "{{.NodeID}}", task])
                    .trim()
                    .to_owned()
            })
            .collect();
        nodes.len()
    }

    /// Waits until exactly `replicas` containers of the service run: new ones started,
    /// stopping ones gone.
    pub(crate) async fn wait_running(&self, short: &str, replicas: usize, within: Duration) {
        let deadline = Instant::now() + within;
        loop {
            let running = self.tasks(short, false).len();
            if running == replicas {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{} has {running} running tasks, not {replicas}",
                self.service(short)
            );
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
}
