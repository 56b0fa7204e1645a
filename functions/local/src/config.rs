//! The local server's settings: flags, each with an environment variable, read once at start.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use clap::{Parser, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StoreKind {
    /// One redb file in the data directory: nothing else to run.
    Embedded,
    /// A DynamoDB table, on AWS or on any endpoint named by AWS_ENDPOINT_URL_DYNAMODB.
    Dynamodb,
}

/// Runs every Tanggap function, the built frontend and the storage in one process.
#[derive(Debug, Clone, Parser)]
#[command(name = "tanggap-local", version)]
pub struct Config {
    /// Port on 127.0.0.1.
    #[arg(long, env = "PORT", default_value_t = 8080)]
    pub port: u16,

    /// Where the embedded store keeps its file, the key that signs access tokens (`signing.key`) and the
    /// Web Push key (`vapid.key`).
    #[arg(long, env = "TANGGAP_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// The built frontend (`cargo xtask frontend` writes it to target/site).
    #[arg(long, env = "TANGGAP_SITE_DIR", default_value = "target/site")]
    pub site_dir: PathBuf,

    /// The regency this center serves, by kode wilayah.
    #[arg(long, env = "TANGGAP_REGENCY", default_value = "64.09")]
    pub regency: String,

    /// Seed the regency's areas, the default categories and agencies, demo users and demo incidents.
    #[arg(long, env = "TANGGAP_DEMO")]
    pub demo: bool,

    /// Seed only the reference data a real center needs: the regency's districts and villages and the
    /// default categories and agencies (safe to run again, e.g. after an upgrade: areas are upserted,
    /// categories and agencies only added where missing, so an admin's edits stay).
    #[arg(long)]
    pub seed_reference: bool,

    /// The demo users' password, with --demo (users that exist already keep theirs).
    #[arg(long, env = "TANGGAP_DEMO_PASSWORD", default_value = crate::seed::users::DEFAULT_PASSWORD, hide_env_values = true)]
    pub demo_password: String,

    /// The `data` folder of the idn-area-data package (districts.csv, villages.csv), for --demo and
    /// --seed-reference.
    #[arg(long, env = "TANGGAP_AREA_DATA", default_value = "functions/local/seed/node_modules/idn-area-data/data")]
    pub area_data: PathBuf,

    /// The outlines of the districts and villages for the dashboard's map: a folder of GADM 4.1's
    /// outlines (the geojson-indonesia package's `geojson` folder), or a GeoJSON file of the regency's
    /// own whose features carry the kode wilayah as `properties.code`. Loaded by --seed-reference, and by
    /// --demo where none are stored yet.
    #[arg(
        long,
        env = "TANGGAP_BOUNDARY_DATA",
        default_value = "functions/local/seed/node_modules/geojson-indonesia/geojson"
    )]
    pub boundary_data: PathBuf,

    /// Create this admin account if no user has the name, with the password in TANGGAP_ADMIN_PASSWORD,
    /// to be changed at first login: the first sign-in of a deployment without demo data (with
    /// --store dynamodb, against the deployment's own table).
    #[arg(long, env = "TANGGAP_CREATE_ADMIN")]
    pub create_admin: Option<String>,

    /// The first password of --create-admin.
    #[arg(long, env = "TANGGAP_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,

    #[arg(long, env = "TANGGAP_STORE", value_enum, default_value_t = StoreKind::Embedded)]
    pub store: StoreKind,

    /// Table name, with --store dynamodb.
    #[arg(long, env = "TANGGAP_TABLE", default_value = "tanggap")]
    pub table: String,

    /// With --store dynamodb: create the table when it does not exist (for a local endpoint).
    #[arg(long)]
    pub create_table: bool,

    /// How often the sweeper runs (SLA breaches, escalation, notification retries), in seconds; the
    /// Lambda's schedule runs it every minute.
    #[arg(long, env = "TANGGAP_SWEEP_SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub sweep_seconds: u64,

    /// Instead of serving: write a year of calls at a large regency's volume into the store, through the
    /// incident service, then time the dashboard for a day, a month and the year, and exit (the
    /// dashboard's benchmark: `cargo xtask bench-dashboard`). Seeds the regency's reference data first.
    #[arg(long, value_name = "YEAR")]
    pub generate_year: Option<i32>,

    /// How many calls --generate-year makes (Kabupaten Bogor's year by default).
    #[arg(long, default_value_t = crate::year::BOGOR_CALLS)]
    pub generate_calls: u64,
}

impl Config {
    pub fn address(&self) -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, self.port))
    }

    /// The file that holds the key signing access tokens, created on first run.
    pub fn signing_key(&self) -> PathBuf {
        self.data_dir.join("signing.key")
    }
}
