//! Running commands and supervising the background servers a test run needs.

use std::fs::File;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// The cargo that runs us: keeps the same toolchain as `cargo xtask` itself.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs a command in the foreground (inheriting stdout/stderr) and fails unless it exits 0.
pub fn run(cmd: &mut Command) -> Result<()> {
    let shown = describe(cmd);
    let status = cmd.status().with_context(|| format!("cannot start `{shown}`"))?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(())
}

/// Like `run`, but keeps the command's output to itself unless it fails.
pub fn run_quietly(cmd: &mut Command) -> Result<()> {
    let shown = describe(cmd);
    let out = cmd.stdin(Stdio::null()).output().with_context(|| format!("cannot start `{shown}`"))?;
    if !out.status.success() {
        let text = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
        let all: Vec<&str> = text.lines().collect();
        let tail = all[all.len().saturating_sub(40)..].join("\n");
        bail!("`{shown}` failed ({})\n{tail}", out.status);
    }
    Ok(())
}

/// Runs a command and returns its stdout, failing unless it exits 0.
pub fn output(cmd: &mut Command) -> Result<String> {
    let shown = describe(cmd);
    let out = cmd.stderr(Stdio::inherit()).output().with_context(|| format!("cannot start `{shown}`"))?;
    if !out.status.success() {
        bail!("`{shown}` failed ({})", out.status);
    }
    String::from_utf8(out.stdout).with_context(|| format!("`{shown}` printed non-UTF-8 output"))
}

/// The command as a shell line, for messages. `$CARGO` is a long toolchain path: shown as `cargo`.
pub fn describe(cmd: &Command) -> String {
    let program = cmd.get_program();
    let is_cargo = std::env::var_os("CARGO").is_some_and(|c| c == program);
    let mut parts = vec![if is_cargo { "cargo".to_owned() } else { program.to_string_lossy().into_owned() }];
    parts.extend(cmd.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}

/// A free TCP port on 127.0.0.1: the OS picks one, we release it for the server to bind.
/// (Racy in theory; in practice the kernel does not hand the same port out again at once.)
pub fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("cannot bind a port on 127.0.0.1")?;
    Ok(listener.local_addr()?.port())
}

/// A background child process that is killed when dropped, so that a failing step or a panic never
/// leaves a server running. Its stdout and stderr go to a log file, shown when something fails.
pub struct ChildGuard {
    name: String,
    child: Child,
    log: PathBuf,
}

impl ChildGuard {
    pub fn spawn(name: &str, cmd: &mut Command, log: PathBuf) -> Result<Self> {
        let shown = describe(cmd);
        let out = File::create(&log).with_context(|| format!("cannot create {}", log.display()))?;
        let err = out.try_clone()?;
        let child = cmd
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .with_context(|| format!("cannot start {name}: `{shown}`"))?;
        Ok(Self { name: name.to_owned(), child, log })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Everything the child printed so far.
    pub fn log_text(&self) -> String {
        std::fs::read(&self.log).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
    }

    /// The last `lines` lines of the log, indented, for error messages.
    pub fn log_tail(&self, lines: usize) -> String {
        let text = self.log_text();
        let all: Vec<&str> = text.lines().collect();
        let start = all.len().saturating_sub(lines);
        let mut tail = format!("--- last output of {} ({}) ---\n", self.name, self.log.display());
        for line in &all[start..] {
            tail.push_str("  ");
            tail.push_str(line);
            tail.push('\n');
        }
        tail
    }

    /// Fails (with the child's output) if it has already exited.
    pub fn check_running(&mut self) -> Result<()> {
        if let Some(status) = self.child.try_wait()? {
            bail!("{} exited early ({status})\n{}", self.name, self.log_tail(60));
        }
        Ok(())
    }

    /// Waits until `GET path` on 127.0.0.1:port answers, with `want` as its status if given.
    pub fn wait_for_http(&mut self, port: u16, path: &str, want: Option<u16>, timeout: Duration) -> Result<()> {
        let start = Instant::now();
        loop {
            self.check_running()?;
            let last = match http_status(port, path) {
                Ok(code) if want.is_none_or(|w| w == code) => return Ok(()),
                Ok(code) => format!("HTTP {code}"),
                Err(err) => format!("{err:#}"),
            };
            if start.elapsed() > timeout {
                bail!(
                    "{} did not answer GET {path} on port {port}{} within {} s (last: {last})\n{}",
                    self.name,
                    want.map(|w| format!(" with {w}")).unwrap_or_default(),
                    timeout.as_secs(),
                    self.log_tail(60)
                );
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Stops the child now (also done on drop).
    pub fn stop(mut self) {
        self.kill();
    }

    fn kill(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        self.kill();
    }
}

/// One HTTP/1.0 request by hand: enough to know a server is up, no HTTP client crate to compile.
pub fn http_status(port: u16, path: &str) -> Result<u16> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.set_write_timeout(Some(Duration::from_secs(5)))?;
    // One write: `write!` on the bare stream would send each fragment as its own segment.
    let request = format!("GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes())?;
    // The status line fits in the first read; we do not need the body.
    let mut head = [0u8; 64];
    let mut len = 0;
    while len < head.len() {
        let n = stream.read(&mut head[len..])?;
        if n == 0 {
            break;
        }
        len += n;
        if head[..len].contains(&b'\n') {
            break;
        }
    }
    let line = String::from_utf8_lossy(&head[..len]);
    // "HTTP/1.1 200 OK"
    let code = line
        .strip_prefix("HTTP/")
        .and_then(|rest| rest.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .with_context(|| format!("not an HTTP answer: {line:?}"))?;
    Ok(code)
}

/// A directory removed with everything in it when dropped (no tempfile crate needed for this).
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(prefix: &str) -> Result<Self> {
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let path = std::env::temp_dir().join(format!("{prefix}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(Self(path))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_status_reads_the_status_line() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            let (mut conn, _) = listener.accept().unwrap();
            let mut request = Vec::new();
            let mut buf = [0u8; 256];
            while !request.ends_with(b"\r\n\r\n") {
                let n = conn.read(&mut buf).unwrap();
                assert!(n > 0, "the request ended early: {request:?}");
                request.extend_from_slice(&buf[..n]);
            }
            conn.write_all(b"HTTP/1.1 204 No Content\r\n\r\n").unwrap();
            String::from_utf8(request).unwrap()
        });
        assert_eq!(http_status(port, "/api/health").unwrap(), 204);
        assert!(server.join().unwrap().starts_with("GET /api/health HTTP/1.0\r\n"));
    }

    #[test]
    fn a_server_that_dies_is_reported_with_its_output() {
        let logs = TempDir::new("xtask-guard-test").unwrap();
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo cannot bind; exit 3"]);
        let mut child = ChildGuard::spawn("doomed", &mut cmd, logs.path().join("doomed.log")).unwrap();
        let err = child.wait_for_http(free_port().unwrap(), "/", None, Duration::from_secs(10)).unwrap_err();
        let message = format!("{err:#}");
        assert!(message.contains("doomed exited early"), "{message}");
        assert!(message.contains("cannot bind"), "{message}");
    }

    #[test]
    #[cfg(target_os = "linux")] // looks in /proc
    fn dropping_the_guard_stops_the_child() {
        let logs = TempDir::new("xtask-guard-test").unwrap();
        let child = ChildGuard::spawn("sleeper", Command::new("sleep").arg("60"), logs.path().join("s.log")).unwrap();
        let proc_dir = PathBuf::from(format!("/proc/{}", child.child.id()));
        assert!(proc_dir.exists());
        drop(child);
        assert!(!proc_dir.exists(), "the child still runs");
    }
}
