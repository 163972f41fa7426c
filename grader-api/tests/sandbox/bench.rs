//! The sandbox benchmark (`./platform bench-tests`, or `cargo test -p grader-api --test
//! sandbox -- --ignored --nocapture bench_`): per backend, the median time to grade Hello's
//! reference next to the floor (the sandbox's own `/usr/bin/python3 -m unittest` of the same
//! files in its rootfs, with `chroot`: no version-manager shim, no sandbox), and the
//! throughput with every slot busy.

use std::path::Path;
use std::time::{Duration, Instant};

use contract::Status;
use futures::StreamExt;
use grader_api::sandbox::{Job, Sandbox};

use crate::helpers::{backends, run_on};

const SEQUENTIAL_RUNS: usize = 20;
const THROUGHPUT_JOBS: usize = 40;
/// The grader's default number of slots.
const SLOTS: usize = 4;

#[tokio::test]
#[ignore = "a benchmark: run with --ignored --nocapture"]
async fn bench_sandboxes() {
    let catalog = migrations::catalog::embedded().expect("the embedded catalog");
    let hello = catalog
        .iter()
        .find(|assignment| assignment.slug == "hello")
        .expect("the hello assignment");
    let job = Job {
        code: hello.reference_solution.clone(),
        test_code: hello.test_code.clone(),
        module_name: "solution".to_owned(),
        time_limit: Duration::from_millis(u64::try_from(hello.time_limit_ms).unwrap()),
        memory_limit_mb: u32::try_from(hello.memory_limit_mb).unwrap(),
        background: false,
        ..Job::default()
    };
    let bare = bare_python_median(&job.code, &job.test_code);
    println!(
        "sandbox floor  the rootfs's python3 -m unittest (chroot): median {:>6.1} ms",
        ms(bare)
    );
    for sandbox in backends().await {
        let sandbox = sandbox.as_ref();
        // One warm-up run: page cache, image layers, first cgroup.
        run_on(sandbox, &job).await;
        let mut times = Vec::new();
        for _ in 0..SEQUENTIAL_RUNS {
            let started = Instant::now();
            let grade = run_on(sandbox, &job).await;
            times.push(started.elapsed());
            assert_eq!(grade.status, Status::Passed, "{grade:?}");
        }
        let median = median(times);
        let throughput = throughput(sandbox, &job).await;
        println!(
            "sandbox {:<7} grade Hello: median {:>6.1} ms ({:.2}x the floor, +{:.0} ms); \
             {THROUGHPUT_JOBS} jobs over {SLOTS} slots: {throughput:.1} grades/s",
            sandbox.name(),
            ms(median),
            median.as_secs_f64() / bare.as_secs_f64(),
            ms(median.saturating_sub(bare)),
        );
    }
}

/// Grades per second with `SLOTS` jobs always running.
async fn throughput(sandbox: &dyn Sandbox, job: &Job) -> f64 {
    let started = Instant::now();
    let grades: Vec<_> = futures::stream::iter(0..THROUGHPUT_JOBS)
        .map(|_| run_on(sandbox, job))
        .buffer_unordered(SLOTS)
        .collect()
        .await;
    let elapsed = started.elapsed();
    assert!(grades.iter().all(|grade| grade.status == Status::Passed));
    THROUGHPUT_JOBS as f64 / elapsed.as_secs_f64()
}

/// The median of `SEQUENTIAL_RUNS` runs of the sandbox rootfs's `python3 -m unittest` on
/// solution.py + tests.py, in that rootfs (`GRADER_ROOTFS`, `./platform env`).
fn bare_python_median(code: &str, tests: &str) -> Duration {
    let rootfs = std::env::var("GRADER_ROOTFS").expect("GRADER_ROOTFS (./platform env)");
    let work = format!("/tmp/cp-bench-{}", uuid::Uuid::new_v4().simple());
    let directory = Path::new(&rootfs).join(work.trim_start_matches('/'));
    std::fs::create_dir_all(&directory).expect("a directory in the rootfs");
    std::fs::write(directory.join("solution.py"), code).expect("solution.py");
    std::fs::write(directory.join("tests.py"), tests).expect("tests.py");
    bare_python(&rootfs, &work);
    let times = (0..SEQUENTIAL_RUNS)
        .map(|_| {
            let started = Instant::now();
            bare_python(&rootfs, &work);
            started.elapsed()
        })
        .collect();
    std::fs::remove_dir_all(&directory).expect("removing the directory");
    median(times)
}

fn bare_python(rootfs: &str, work: &str) {
    let output = std::process::Command::new("chroot")
        .args([
            rootfs,
            "/usr/bin/env",
            "-C",
            work,
            "/usr/bin/python3",
            "-B",
            "-m",
        ])
        .args(["unittest", "tests"])
        .output()
        .expect("chroot (as root)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
