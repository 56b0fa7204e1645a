//! The local server: every function's router under `/api`, the built frontend at `/`, and the embedded
//! store in one file, in one process on 127.0.0.1. Same routers, same domain code and same repositories
//! as on AWS; only the adapters differ (the token signing key, for one, is a file in the data directory
//! rather than an SSM parameter).

mod config;
mod seed;
mod site;
mod year;

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use clap::Parser;
use tanggap_api::auth::KeySource;
use tanggap_api::state::{AppState, SystemClock};
use tanggap_domain::{KodeWilayah, Timestamp};
use tanggap_store::Table;
use tanggap_store::dynamo::DynamoTable;
use tanggap_store::embedded::EmbeddedTable;
use tanggap_store::repo::{CatalogRepo, UserRepo};
use tracing_subscriber::EnvFilter;

use crate::config::{Config, StoreKind};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,tower_http=warn")))
        .init();
    let config = Config::parse();
    let regency =
        KodeWilayah::parse(&config.regency).with_context(|| format!("TANGGAP_REGENCY={:?}", config.regency))?;
    if let Some(year) = config.generate_year {
        return generate_year(&regency, &config, year).await;
    }
    let table = open_table(&config).await?;
    let catalog = CatalogRepo::new(table.clone());
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("cannot create the data directory {}", config.data_dir.display()))?;
    let key = KeySource::File(config.signing_key()).load().await?;
    // As on AWS, from the environment: how long blocks last, where the center's day begins, which open
    // incidents intake offers as duplicates.
    let intake = tanggap_api::Config::intake_from(|name| std::env::var(name).ok())?;
    let duplicate_rules = tanggap_api::Config::duplicate_rules_from(|name| std::env::var(name).ok())?;
    let escalation = tanggap_api::Config::escalation_from(|name| std::env::var(name).ok())?;
    let morning_brief_hour = tanggap_api::Config::morning_brief_hour_from(|name| std::env::var(name).ok())?;
    // Photos in the data directory, uploaded and read through URLs this process signs (as S3's are presigned).
    let photo_max_bytes = tanggap_photos::max_bytes_from_env()?;
    let photos = Arc::new(
        tanggap_photos::LocalPhotos::new(
            config.data_dir.join("photos"),
            tanggap_photos::LocalPhotos::generate_signing_key()?,
        )
        .with_max_bytes(photo_max_bytes),
    );
    // Web Push with a key file in the data directory (made on first start), and the webhook when the
    // environment names one (TANGGAP_WEBHOOK_URL, TANGGAP_WEBHOOK_SECRET).
    let delivery = tanggap_api::notify::Delivery::local(&config.data_dir, |name| std::env::var(name).ok()).await?;
    // Messages to reporters link to this server unless TANGGAP_SITE_URL names the address they reach it by.
    let site_url = delivery.site_url.clone().unwrap_or_else(|| format!("http://{}", config.address()));
    let delivery = delivery.with_site_url(Some(site_url));
    let state = AppState::new(table.clone(), regency.clone(), Arc::new(SystemClock))
        .with_signing_key(&key)
        .with_intake(intake)
        .with_duplicate_rules(duplicate_rules)
        .with_escalation(escalation)
        .with_morning_brief_hour(morning_brief_hour)
        .with_photos(photos.clone(), photo_max_bytes)
        .with_delivery(delivery);

    if let Some(username) = &config.create_admin {
        let password = config.admin_password.as_deref().context("--create-admin needs TANGGAP_ADMIN_PASSWORD")?;
        let created =
            seed::users::bootstrap_admin(&UserRepo::new(table.clone()), &state.passwords, username, password).await?;
        tracing::info!(username, created, "admin account (must change its password at first login)");
    }
    if config.seed_reference && !config.demo {
        let outlines = seed::OutlineSource { path: &config.boundary_data, replace: true };
        let areas = seed::reference(&catalog, &regency, &config.area_data, outlines).await?;
        tracing::info!(areas, "reference data seeded: areas, categories, agencies");
    }
    if config.demo {
        let outlines = seed::OutlineSource { path: &config.boundary_data, replace: config.seed_reference };
        let areas = seed::reference(&catalog, &regency, &config.area_data, outlines).await?;
        let users = seed::demo_users(&UserRepo::new(table.clone()), &state.passwords, &config.demo_password).await?;
        let now = Timestamp::from(time::OffsetDateTime::now_utc());
        let seeded = seed::demo_incidents(table.clone(), &regency, now, &key).await?;
        let history = seed::demo_history(table.clone(), &regency, now).await?;
        let took_ms = history.took.as_millis();
        tracing::info!(calls = history.calls, changes = history.changes, took_ms, "demo weeks of calls before today");
        tracing::info!(
            areas,
            users_created = users.created,
            created = seeded.created,
            already_there = seeded.already_there,
            "demo data seeded"
        );
    }

    // The sweeper on a timer, as EventBridge Scheduler runs it on AWS.
    tokio::spawn(sweep_every(state.clone(), std::time::Duration::from_secs(config.sweep_seconds)));
    // Notifications out as soon as they are queued, as the `notifier` function does from the table's stream.
    tokio::spawn(deliver_when_queued(state.clone()));
    // Exports as soon as they are asked for, as the `exports` function does every minute.
    tokio::spawn(export_when_queued(state.clone()));
    let app = tanggap_api::functions::all(state)
        .merge(tanggap_photos::local_router(photos))
        .merge(site::router(&config.site_dir));
    if !config.site_dir.join("index.html").exists() {
        tracing::warn!(site_dir = %config.site_dir.display(), "no built frontend: run `cargo xtask run`, which builds it");
    }

    let listener = tokio::net::TcpListener::bind(config.address())
        .await
        .with_context(|| format!("cannot listen on {} (set PORT to use another port)", config.address()))?;
    let address = listener.local_addr()?;
    println!();
    println!("  Tanggap is running at http://{address}/");
    println!("  Regency {regency}, data in {}", describe_store(&config));
    if config.demo {
        println!();
        println!("{}", seed::users::table(&config.demo_password));
    } else {
        println!("  Sign in with an account an admin made (or run with --demo for demo accounts).");
    }
    println!();
    println!("  Stop with Ctrl-C.");
    println!();
    // The peer's address is the source of a request for login throttling and the audit log.
    let service = app.into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service).with_graceful_shutdown(shutdown()).await.context("serving")?;
    Ok(())
}

/// `--generate-year`: seeds the regency's reference data, writes the year through the incident service,
/// times the dashboard, and prints both.
async fn generate_year(regency: &KodeWilayah, config: &Config, year: i32) -> anyhow::Result<()> {
    // Embedded: synced once at the end, not at each of the millions of commits (a crash loses the run).
    let (table, embedded): (Arc<dyn Table>, _) = match config.store {
        StoreKind::Embedded => {
            std::fs::create_dir_all(&config.data_dir)
                .with_context(|| format!("cannot create the data directory {}", config.data_dir.display()))?;
            let path = config.data_dir.join("tanggap.redb");
            let table = EmbeddedTable::open(&path).with_context(|| format!("opening {}", path.display()))?.unsynced();
            (Arc::new(table.clone()), Some(table))
        }
        StoreKind::Dynamodb => (open_table(config).await?, None),
    };
    let catalog = &CatalogRepo::new(table.clone());
    let outlines = seed::OutlineSource { path: &config.boundary_data, replace: true };
    let areas = seed::reference(catalog, regency, &config.area_data, outlines).await?;
    let plan = year::Plan { year, calls: config.generate_calls, seed: 112 };
    println!(
        "Generating {} calls of {year} in {regency} ({areas} areas), data in {}",
        plan.calls,
        describe_store(config)
    );
    let made = year::generate(table.clone(), regency.clone(), plan).await?;
    if let Some(embedded) = &embedded {
        embedded.sync().await.context("writing the generated year to disk")?;
    }
    let seconds = made.took.as_secs_f64();
    println!(
        "  made {} calls, {} real incidents, {} changes in {seconds:.1} s ({:.0} changes a second)",
        made.calls,
        made.incidents,
        made.changes,
        made.changes as f64 / seconds.max(f64::MIN_POSITIVE)
    );
    println!("  the dashboard, each range with its previous period (best of three):");
    for (name, took, items, open) in year::bench(table.clone(), regency.clone(), year).await? {
        let ms = took.as_secs_f64() * 1000.0;
        println!("    {name:<9} {ms:>9.1} ms {items:>6} items of counters and {open} of open work read");
    }
    let exported = year::bench_export(table, regency.clone(), year, &config.data_dir.join("photos")).await?;
    println!(
        "  the year's export: {:.1} s, {} rows of incidents, XLSX {:.1} MB, CSV {:.1} MB",
        exported.took.as_secs_f64(),
        exported.rows,
        exported.xlsx_bytes as f64 / 1e6,
        exported.csv_bytes as f64 / 1e6
    );
    Ok(())
}

async fn open_table(config: &Config) -> anyhow::Result<Arc<dyn Table>> {
    Ok(match config.store {
        StoreKind::Embedded => {
            std::fs::create_dir_all(&config.data_dir)
                .with_context(|| format!("cannot create the data directory {}", config.data_dir.display()))?;
            let path = config.data_dir.join("tanggap.redb");
            Arc::new(EmbeddedTable::open(&path).with_context(|| format!("opening {}", path.display()))?)
        }
        StoreKind::Dynamodb => {
            let table = DynamoTable::from_env(&config.table).await;
            if config.create_table {
                table.create_table().await.with_context(|| format!("creating table {}", config.table))?;
            }
            Arc::new(table)
        }
    })
}

fn describe_store(config: &Config) -> String {
    match config.store {
        StoreKind::Embedded => config.data_dir.join("tanggap.redb").display().to_string(),
        StoreKind::Dynamodb => format!("DynamoDB table {}", config.table),
    }
}

/// Runs the sweeper every `period`; a failed sweep is logged and the next one tries again.
async fn sweep_every(state: AppState, period: std::time::Duration) {
    let mut ticks = tokio::time::interval(period);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let now = Timestamp::from(time::OffsetDateTime::now_utc());
        if let Err(err) = tanggap_api::sweeper::run(&state, now).await {
            tracing::warn!(error = format!("{err:#}"), "sweep failed");
        }
    }
}

/// Delivers queued notifications when a change queues some, and every 30 s for retries that come due.
async fn deliver_when_queued(state: AppState) {
    loop {
        // A wake-up while a run is going on is kept (a permit) and starts the next run at once.
        let _ = tokio::time::timeout(std::time::Duration::from_secs(30), state.delivery.queued.notified()).await;
        tanggap_api::notify::deliver_due(&state, state.clock.now()).await;
    }
}

/// Writes the dashboard's exports when one is asked for, and every 30 s for a run that died.
async fn export_when_queued(state: AppState) {
    loop {
        let _ = tokio::time::timeout(std::time::Duration::from_secs(30), state.exports_queued.notified()).await;
        if let Err(err) = tanggap_api::exports::run_due(&state).await {
            tracing::warn!(error = format!("{err:#}"), "exports left for the next run");
        }
    }
}

async fn shutdown() {
    // Ctrl-C in a terminal; SIGTERM from a process manager or the test command.
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
