//! `cargo xtask bench-start [--runs N] [--function NAME]`: how long a function binary takes from
//! process start to its first answer, a stand-in for a Lambda cold start's init + first invoke.
//!
//! It builds the function in release (the size-tuned profile that ships), then for each run serves a
//! minimal fake Lambda Runtime API on 127.0.0.1, spawns the binary pointed at it, hands it one API
//! Gateway (HTTP API, payload 2.0) event for `GET /api/health`, and times spawn -> the POST of the
//! response. The same server answers SSM `GetParameter` (for a function that reads its signing key at
//! start), so that it also times the SDK work; on AWS that read is a real network round trip more.
//!
//! A benchmark, not a test: it reports numbers and asserts only that the answer was a 200.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::{package, process, target_dir};

/// One HTTP API event, as API Gateway sends it to a function for `GET /api/health`.
const HEALTH_EVENT: &str = include_str!("../fixtures/health-event.json");
const REQUEST_ID: &str = "bench-start-request-1";
/// Per run; a binary that hangs is a failure, not a slow result.
const RUN_TIMEOUT: Duration = Duration::from_secs(15);

pub fn bench_start(root: &Path, args: &[String]) -> Result<()> {
    let mut runs = 20usize;
    let mut function = "incidents".to_owned();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--runs" => runs = rest.next().context("--runs needs a number")?.parse().context("--runs N")?,
            "--function" => function = rest.next().context("--function needs a name")?.clone(),
            other => bail!("usage: cargo xtask bench-start [--runs N] [--function NAME], got {other:?}"),
        }
    }
    anyhow::ensure!(runs > 0, "--runs must be at least 1");

    let functions = package::lambda_functions(root)?;
    let target = functions.iter().find(|f| f.binary == function).with_context(|| {
        format!(
            "no function binary `{function}`; there are: {}",
            functions.iter().map(|f| f.binary.as_str()).collect::<Vec<_>>().join(", ")
        )
    })?;
    println!("==> building {} in release (the profile that ships)", target.binary);
    process::run(process::cargo().args([
        "build",
        "--release",
        "--locked",
        "-p",
        &target.package,
        "--bin",
        &target.binary,
    ]))?;
    let binary = target_dir(root).join("release").join(&target.binary);
    let size = std::fs::metadata(&binary).map(|m| m.len()).unwrap_or(0);
    println!("    {} ({:.1} MB, native: {})", binary.display(), size as f64 / 1048576.0, std::env::consts::ARCH);

    // One run first, not counted: it brings the binary into the page cache, as Lambda's own cache would be.
    let warm_up = run_once(&binary)?;
    println!("    warm-up run: {:.1} ms (not counted)", ms(warm_up.elapsed));
    let mut times = Vec::with_capacity(runs);
    let mut ssm_reads = 0;
    for _ in 0..runs {
        let run = run_once(&binary)?;
        ssm_reads = run.ssm_reads;
        times.push(run.elapsed);
    }
    times.sort();
    let pick = |q: f64| times[((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1];
    println!("==> start to first response of `{}`, {runs} runs on this machine:", target.binary);
    println!(
        "    min {:.1} ms   median {:.1} ms   p90 {:.1} ms   max {:.1} ms   (goal: 30 ms)",
        ms(times[0]),
        ms(pick(0.5)),
        ms(pick(0.9)),
        ms(times[times.len() - 1])
    );
    if ssm_reads > 0 {
        println!(
            "    the function read {ssm_reads} SSM parameter(s) at start: answered locally here, a network \
             round trip more on AWS (typically 10-30 ms within the region)"
        );
    } else {
        println!("    no SSM read at start");
    }
    println!("    (on Lambda, add the sandbox's own init: downloading and unpacking the zip, starting the VM)");
    Ok(())
}

struct Run {
    elapsed: Duration,
    ssm_reads: usize,
}

enum Outcome {
    Responded { at: Instant, body: String },
    Failed(String),
}

fn run_once(binary: &Path) -> Result<Run> {
    let listener = TcpListener::bind("127.0.0.1:0").context("binding the fake runtime API")?;
    let address = listener.local_addr()?;
    let state = Arc::new(FakeApi { answered: AtomicBool::new(false), ssm_reads: AtomicUsize::new(0) });
    let stop = Arc::new(AtomicBool::new(false));
    let (outcomes, outcome) = mpsc::channel();
    let server = {
        let (state, stop) = (state.clone(), stop.clone());
        std::thread::spawn(move || serve(listener, state, stop, outcomes))
    };

    let endpoint = format!("http://{address}");
    let mut cmd = Command::new(binary);
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        // What Lambda sets for every function.
        .env("AWS_LAMBDA_RUNTIME_API", address.to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "tanggap-bench")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/tanggap-bench")
        .env("AWS_LAMBDA_LOG_STREAM_NAME", "bench")
        .env("AWS_REGION", "ap-southeast-3")
        .env("AWS_DEFAULT_REGION", "ap-southeast-3")
        .env("AWS_ACCESS_KEY_ID", "bench")
        .env("AWS_SECRET_ACCESS_KEY", "bench")
        .env("AWS_SESSION_TOKEN", "bench")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        // What Terraform sets (infra/modules/tanggap/functions.tf).
        .env("TANGGAP_TABLE", "tanggap-bench")
        .env("TANGGAP_REGENCY", "64.09")
        .env("RUST_LOG", "info")
        .env("TANGGAP_SIGNING_KEY_PARAMETER", "/tanggap-bench/signing-key")
        // Health never touches the table; SSM is answered by the fake server.
        .env("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9")
        .env("AWS_ENDPOINT_URL_SSM", &endpoint)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());

    let started = Instant::now();
    let mut child = cmd.spawn().with_context(|| format!("starting {}", binary.display()))?;
    let result = outcome.recv_timeout(RUN_TIMEOUT);
    let _ = child.kill();
    let mut stderr = String::new();
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_string(&mut stderr);
    }
    let _ = child.wait();
    stop.store(true, Ordering::SeqCst);
    let _ = TcpStream::connect(address); // wakes the accept loop so that it sees `stop`
    let _ = server.join();

    let tail = || stderr.lines().rev().take(20).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n");
    match result {
        Ok(Outcome::Responded { at, body }) => {
            let response: serde_json::Value = serde_json::from_str(&body).context("the response is not JSON")?;
            if response["statusCode"] != 200 {
                bail!("GET /api/health answered {}: {body}\n{}", response["statusCode"], tail());
            }
            Ok(Run { elapsed: at - started, ssm_reads: state.ssm_reads.load(Ordering::SeqCst) })
        }
        Ok(Outcome::Failed(error)) => bail!("the function reported an error: {error}\n{}", tail()),
        Err(_) => bail!("no response within {} s\n{}", RUN_TIMEOUT.as_secs(), tail()),
    }
}

struct FakeApi {
    /// The one invocation has been handed out: later `next` calls wait until the run ends.
    answered: AtomicBool,
    ssm_reads: AtomicUsize,
}

fn serve(listener: TcpListener, state: Arc<FakeApi>, stop: Arc<AtomicBool>, outcomes: mpsc::Sender<Outcome>) {
    let mut connections = Vec::new();
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let (state, stop, outcomes) = (state.clone(), stop.clone(), outcomes.clone());
        connections.push(std::thread::spawn(move || {
            let _ = handle(stream, &state, &stop, &outcomes);
        }));
    }
    for connection in connections {
        let _ = connection.join();
    }
}

/// One keep-alive connection: requests in turn until the client closes it or the run ends.
fn handle(stream: TcpStream, state: &FakeApi, stop: &AtomicBool, outcomes: &mpsc::Sender<Outcome>) -> Result<()> {
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    loop {
        let Some(request) = read_request(&mut reader)? else { return Ok(()) };
        let (status, headers, body) = match (request.method.as_str(), request.path.as_str()) {
            ("GET", "/2018-06-01/runtime/invocation/next") => {
                if state.answered.swap(true, Ordering::SeqCst) {
                    // As on Lambda, `next` blocks until there is work; here, until the run ends.
                    while !stop.load(Ordering::SeqCst) {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                    return Ok(());
                }
                let deadline = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis() + 10_000;
                let headers = vec![
                    ("Lambda-Runtime-Aws-Request-Id", REQUEST_ID.to_owned()),
                    ("Lambda-Runtime-Deadline-Ms", deadline.to_string()),
                    (
                        "Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:ap-southeast-3:123456789012:function:tanggap-bench".to_owned(),
                    ),
                    ("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0".to_owned()),
                    ("Content-Type", "application/json".to_owned()),
                ];
                (200, headers, HEALTH_EVENT.as_bytes().to_vec())
            }
            ("POST", path) if path == format!("/2018-06-01/runtime/invocation/{REQUEST_ID}/response") => {
                let at = Instant::now();
                let _ = outcomes.send(Outcome::Responded { at, body: String::from_utf8_lossy(&request.body).into() });
                (202, vec![], b"{}".to_vec())
            }
            ("POST", path) if path.ends_with("/error") => {
                let _ = outcomes.send(Outcome::Failed(format!("{path}: {}", String::from_utf8_lossy(&request.body))));
                (202, vec![], b"{}".to_vec())
            }
            ("POST", "/") if request.target.as_deref() == Some("AmazonSSM.GetParameter") => {
                state.ssm_reads.fetch_add(1, Ordering::SeqCst);
                let name = serde_json::from_slice::<serde_json::Value>(&request.body)
                    .ok()
                    .and_then(|v| v["Name"].as_str().map(str::to_owned))
                    .unwrap_or_default();
                let body = serde_json::json!({ "Parameter": {
                    "Name": name, "Type": "SecureString", "Version": 1, "DataType": "text",
                    "Value": "bench0signing0key0bench0signing0key0bench0signing0key0bench0sign",
                    "ARN": format!("arn:aws:ssm:ap-southeast-3:123456789012:parameter{name}"),
                }});
                (200, vec![("Content-Type", "application/x-amz-json-1.1".to_owned())], body.to_string().into_bytes())
            }
            (method, path) => {
                let _ = outcomes.send(Outcome::Failed(format!("unexpected request {method} {path}")));
                (404, vec![], b"{}".to_vec())
            }
        };
        let mut response = format!("HTTP/1.1 {status} X\r\nContent-Length: {}\r\n", body.len());
        for (name, value) in headers {
            response.push_str(&format!("{name}: {value}\r\n"));
        }
        response.push_str("\r\n");
        let mut bytes = response.into_bytes();
        bytes.extend_from_slice(&body);
        writer.write_all(&bytes)?;
    }
}

struct Request {
    method: String,
    path: String,
    /// X-Amz-Target, which names the AWS operation of a JSON-protocol call.
    target: Option<String>,
    body: Vec<u8>,
}

fn read_request(reader: &mut impl BufRead) -> Result<Option<Request>> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().context("empty request line")?.to_owned();
    let path = parts.next().context("no path")?.to_owned();
    let mut length = 0;
    let mut chunked = false;
    let mut target = None;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header)?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            match name.trim().to_ascii_lowercase().as_str() {
                "content-length" => length = value.trim().parse()?,
                "transfer-encoding" => chunked = value.trim().eq_ignore_ascii_case("chunked"),
                "x-amz-target" => target = Some(value.trim().to_owned()),
                _ => {}
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    if chunked {
        body = read_chunks(reader)?;
    }
    Ok(Some(Request { method, path, target, body }))
}

/// A `Transfer-Encoding: chunked` body (hex size line, data, CRLF; a zero size ends it).
fn read_chunks(reader: &mut impl BufRead) -> Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut size = String::new();
        reader.read_line(&mut size)?;
        let size = usize::from_str_radix(size.trim().split(';').next().unwrap_or_default(), 16)?;
        let mut chunk = vec![0; size + 2]; // the data and its CRLF
        reader.read_exact(&mut chunk)?;
        if size == 0 {
            return Ok(body);
        }
        body.extend_from_slice(&chunk[..size]);
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
