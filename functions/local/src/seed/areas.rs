//! Reads a regency's districts and villages from the `idn-area-data` package (ODbL: see
//! functions/local/seed/README.md), so that any kode wilayah can be seeded, not only the demo regency.

use std::path::Path;

use anyhow::{Context, bail};
use serde::Deserialize;
use tanggap_domain::{KodeWilayah, Region, RegionLevel};

#[derive(Debug, Deserialize)]
struct Row {
    code: String,
    name: String,
}

/// The regency itself, then its districts and villages, in code order.
pub fn load(area_data: &Path, regency: &KodeWilayah) -> anyhow::Result<Vec<Region>> {
    if regency.level() != RegionLevel::Regency {
        bail!("{regency} is not a regency code (expected two parts, e.g. 64.09)");
    }
    let mut regions: Vec<Region> = Vec::new();
    for file in ["regencies.csv", "districts.csv", "villages.csv"] {
        let path = area_data.join(file);
        let mut reader = csv::Reader::from_path(&path).with_context(|| {
            format!("cannot read {} (run `cargo xtask run`, which installs the idn-area-data package)", path.display())
        })?;
        for (line, row) in reader.deserialize::<Row>().enumerate() {
            let row = row.with_context(|| format!("{} row {}", path.display(), line + 2))?;
            let code = KodeWilayah::parse(&row.code)
                .with_context(|| format!("{} row {}: bad code {:?}", path.display(), line + 2, row.code))?;
            if code.is_within(regency) {
                regions.push(Region { code, name: row.name.trim().to_owned() });
            }
        }
    }
    if !regions.iter().any(|r| r.code == *regency) {
        bail!("regency {regency} is not in {}", area_data.join("regencies.csv").display());
    }
    regions.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(regions)
}

/// The name of the province `regency` lies in.
pub fn province_name(area_data: &Path, regency: &KodeWilayah) -> anyhow::Result<String> {
    let path = area_data.join("provinces.csv");
    let province = regency.parent().with_context(|| format!("{regency} has no province"))?;
    let mut reader = csv::Reader::from_path(&path).with_context(|| format!("cannot read {}", path.display()))?;
    for row in reader.deserialize::<Row>() {
        let row = row.with_context(|| format!("reading {}", path.display()))?;
        if row.code.trim() == province.as_str() {
            return Ok(row.name.trim().to_owned());
        }
    }
    bail!("province {province} is not in {}", path.display())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A tiny copy of idn-area-data's layout: one regency with two villages, and a neighbour.
    pub(crate) fn write_area_data(dir: &Path) {
        std::fs::write(dir.join("provinces.csv"), "code,name\n64,Kalimantan Timur\n").unwrap();
        std::fs::write(
            dir.join("regencies.csv"),
            "code,province_code,name\n64.09,64,Kabupaten Penajam Paser Utara\n64.10,64,Kabupaten Lain\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("districts.csv"),
            "code,regency_code,name\n64.09.01,64.09,Penajam\n64.10.01,64.10,Lain\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("villages.csv"),
            "code,district_code,name\n64.09.01.2001,64.09.01,Desa Satu\n64.09.01.1002,64.09.01,Kelurahan Dua\n64.10.01.2001,64.10.01,Luar\n",
        )
        .unwrap();
    }

    #[test]
    fn only_the_configured_regency_is_loaded_in_code_order() {
        let dir = tempfile::tempdir().unwrap();
        write_area_data(dir.path());
        let regions = load(dir.path(), &KodeWilayah::parse("64.09").unwrap()).unwrap();
        let codes: Vec<&str> = regions.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["64.09", "64.09.01", "64.09.01.1002", "64.09.01.2001"]);
    }

    #[test]
    fn an_unknown_regency_or_a_district_code_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        write_area_data(dir.path());
        let err = load(dir.path(), &KodeWilayah::parse("64.11").unwrap()).unwrap_err();
        assert!(err.to_string().contains("not in"), "{err}");
        let err = load(dir.path(), &KodeWilayah::parse("64.09.01").unwrap()).unwrap_err();
        assert!(err.to_string().contains("not a regency"), "{err}");
    }
}
