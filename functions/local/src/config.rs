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

    /// Where the embedded store keeps its file.
    #[arg(long, env = "TANGGAP_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// The built frontend (`cargo xtask frontend` writes it to target/site).
    #[arg(long, env = "TANGGAP_SITE_DIR", default_value = "target/site")]
    pub site_dir: PathBuf,

    /// The regency this center serves, by kode wilayah.
    #[arg(long, env = "TANGGAP_REGENCY", default_value = "64.09")]
    pub regency: String,

    /// Seed the regency's areas, the default categories and agencies, and demo incidents.
    #[arg(long, env = "TANGGAP_DEMO")]
    pub demo: bool,

    /// The `data` folder of the idn-area-data package (districts.csv, villages.csv), for --demo.
    #[arg(long, env = "TANGGAP_AREA_DATA", default_value = "functions/local/seed/node_modules/idn-area-data/data")]
    pub area_data: PathBuf,

    #[arg(long, env = "TANGGAP_STORE", value_enum, default_value_t = StoreKind::Embedded)]
    pub store: StoreKind,

    /// Table name, with --store dynamodb.
    #[arg(long, env = "TANGGAP_TABLE", default_value = "tanggap")]
    pub table: String,

    /// With --store dynamodb: create the table when it does not exist (for a local endpoint).
    #[arg(long)]
    pub create_table: bool,
}

impl Config {
    pub fn address(&self) -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, self.port))
    }
}
