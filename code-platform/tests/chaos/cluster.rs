//! The chaos test's own Postgres cluster and Redis server, on free loopback ports in a
//! temporary directory, so that killing and restarting them never disturbs the shared
//! test services other tests use at the same time. Both stop when dropped.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use tokio::process::{Child, Command as AsyncCommand};

/// A port nobody listens on right now, below the kernel's ephemeral range (32768 and
/// up): a port the OS hands out for `:0` can meanwhile become the local end of some
/// outgoing connection (the tests open thousands), and a server restarted on it later
/// would find it taken.
pub(crate) fn free_port() -> u16 {
    loop {
        let candidate = 20_000 + (uuid::Uuid::new_v4().as_u128() % 12_000) as u16;
        if std::net::TcpListener::bind(("127.0.0.1", candidate)).is_ok() {
            return candidate;
        }
    }
}

/// Runs `command` to completion and fails with its output when it fails.
fn run(command: &mut Command) -> anyhow::Result<()> {
    let output = command
        .output()
        .with_context(|| format!("running {command:?}"))?;
    if !output.status.success() {
        bail!(
            "{command:?} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

/// Where the Postgres binaries are: Debian's newest cluster version, else `PATH`.
fn pg_bin(name: &str) -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|dir| dir.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    versions.sort_by_key(|path| {
        path.file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(0)
    });
    match versions.last() {
        Some(dir) if dir.join("bin").join(name).exists() => dir.join("bin").join(name),
        _ => PathBuf::from(name),
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
        .unwrap_or(false)
}

/// A Postgres command, run as the `postgres` user when we are root (Postgres refuses
/// to run as root).
fn pg_command(name: &str) -> Command {
    if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(pg_bin(name));
        command
    } else {
        Command::new(pg_bin(name))
    }
}

/// A private Postgres cluster (trust auth on loopback, fsync off).
pub(crate) struct Postgres {
    dir: PathBuf,
    port: u16,
}

impl Postgres {
    /// `initdb` into `dir/pg` and start the server.
    pub(crate) fn start(dir: &Path) -> anyhow::Result<Postgres> {
        let pg = Postgres {
            dir: dir.to_path_buf(),
            port: free_port(),
        };
        std::fs::create_dir_all(pg.data())?;
        if is_root() {
            run(Command::new("chown").arg("-R").arg("postgres:").arg(dir))?;
        }
        run(pg_command("initdb").arg("-D").arg(pg.data()).args([
            "-U",
            "platform",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
        ]))
        .context("initdb (is PostgreSQL installed?)")?;
        pg.resume()?;
        Ok(pg)
    }

    fn data(&self) -> PathBuf {
        self.dir.join("pg")
    }

    pub(crate) fn url(&self) -> String {
        format!("postgres://platform@127.0.0.1:{}/postgres", self.port)
    }

    /// Starts the (stopped) server again on the same port and waits until it accepts.
    pub(crate) fn resume(&self) -> anyhow::Result<()> {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off",
            self.port,
            self.dir.display()
        );
        run(pg_command("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .arg("-l")
            .arg(self.dir.join("server.log"))
            .args(["-w", "-o", &options, "start"]))
        .with_context(|| {
            let log = std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
            format!("pg_ctl start; the server's log:\n{log}")
        })
    }

    /// Stops the server (`-m fast`: open connections are cut).
    pub(crate) fn stop(&self) -> anyhow::Result<()> {
        run(pg_command("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-m", "fast", "-w", "stop"]))
        .context("pg_ctl stop")
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = pg_command("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-m", "immediate", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// A private Redis server with an append-only file, restarted on the same port.
pub(crate) struct Redis {
    dir: PathBuf,
    port: u16,
    child: Option<Child>,
}

impl Redis {
    pub(crate) async fn start(dir: &Path) -> anyhow::Result<Redis> {
        let mut redis = Redis {
            dir: dir.join("redis"),
            port: free_port(),
            child: None,
        };
        std::fs::create_dir_all(&redis.dir)?;
        redis.resume().await?;
        Ok(redis)
    }

    pub(crate) fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Starts the server (after a kill) and waits until it answers PING.
    pub(crate) async fn resume(&mut self) -> anyhow::Result<()> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.join("redis.log"))?;
        let child = AsyncCommand::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &self.port.to_string()])
            .args(["--save", "", "--appendonly", "yes", "--dir"])
            .arg(&self.dir)
            .stdout(log.try_clone()?)
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .context("starting redis-server (is it installed?)")?;
        self.child = Some(child);
        let client = redis::Client::open(self.url())?;
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(mut conn) = client.get_multiplexed_async_connection().await {
                let pong: redis::RedisResult<String> =
                    redis::cmd("PING").query_async(&mut conn).await;
                if pong.is_ok() {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                bail!(
                    "redis did not start; see {}",
                    self.dir.join("redis.log").display()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILLs the server. Redis writes the append-only file before it answers a
    /// write, so everything acknowledged survives, as after a crash.
    pub(crate) async fn kill(&mut self) -> anyhow::Result<()> {
        if let Some(mut child) = self.child.take() {
            child.kill().await.context("killing redis")?;
        }
        Ok(())
    }
}

/// A temporary directory, removed when dropped (after the servers inside it stopped).
pub(crate) struct Scratch(pub(crate) PathBuf);

impl Scratch {
    pub(crate) fn new() -> anyhow::Result<Scratch> {
        let dir = std::env::temp_dir().join(format!("cp-chaos-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir)?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::env::var_os("CHAOS_KEEP").is_none() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}
