//! Administrative areas by their Ministry of Home Affairs code (kode wilayah): province `64`,
//! regency `64.09`, district `64.09.01`, village `64.09.01.2001`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "64.09.01.2001"))]
pub struct KodeWilayah(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RegionLevel {
    Province,
    Regency,
    District,
    Village,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a kode wilayah looks like 64, 64.09, 64.09.01 or 64.09.01.2001")]
pub struct KodeWilayahError;

impl KodeWilayah {
    pub fn parse(input: &str) -> Result<Self, KodeWilayahError> {
        let input = input.trim();
        let parts: Vec<&str> = input.split('.').collect();
        let widths = [2, 2, 2, 4];
        if parts.len() > widths.len() {
            return Err(KodeWilayahError);
        }
        for (part, width) in parts.iter().zip(widths) {
            if part.len() != width || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(KodeWilayahError);
            }
        }
        Ok(Self(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> RegionLevel {
        match self.0.split('.').count() {
            1 => RegionLevel::Province,
            2 => RegionLevel::Regency,
            3 => RegionLevel::District,
            _ => RegionLevel::Village,
        }
    }

    /// The area this one lies in; a province has none.
    pub fn parent(&self) -> Option<KodeWilayah> {
        self.0.rsplit_once('.').map(|(parent, _)| KodeWilayah(parent.to_owned()))
    }

    /// True when `self` lies inside `area` (or is it).
    pub fn is_within(&self, area: &KodeWilayah) -> bool {
        self == area || self.0.starts_with(&format!("{}.", area.0))
    }
}

crate::newtype::string_newtype!(KodeWilayah, KodeWilayahError);

/// A named area of the regency, as the reference data lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Region {
    pub code: KodeWilayah,
    pub name: String,
}

impl Region {
    pub fn level(&self) -> RegionLevel {
        self.code.level()
    }
}

/// An area's outline on a map: the polygons of a GeoJSON MultiPolygon (RFC 7946), each a list of
/// rings of `[longitude, latitude]` positions, the first ring its edge and any others its holes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Outline(pub Vec<Vec<Vec<[f64; 2]>>>);

impl Outline {
    /// A point in the middle of the area: the mean of its first polygon's edge (inside it for the
    /// roughly round shapes of villages; for a label or a demo pin, not for geometry).
    pub fn middle(&self) -> Option<crate::Coordinates> {
        let ring = self.0.first()?.first()?;
        let n = ring.len() as f64;
        let (lon, lat) = ring.iter().fold((0.0, 0.0), |(x, y), [lon, lat]| (x + lon / n, y + lat / n));
        crate::Coordinates::new(lat, lon).ok()
    }
}

/// A district or village of the regency with its outline, for the dashboard's map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Boundary {
    pub region: Region,
    pub outline: Outline,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_of_every_level_parse_and_know_their_parent() {
        let village = KodeWilayah::parse("64.09.01.2001").unwrap();
        assert_eq!(village.level(), RegionLevel::Village);
        let district = village.parent().unwrap();
        assert_eq!(district.as_str(), "64.09.01");
        assert_eq!(district.level(), RegionLevel::District);
        let regency = district.parent().unwrap();
        assert_eq!(regency.level(), RegionLevel::Regency);
        assert_eq!(regency.parent().unwrap().level(), RegionLevel::Province);
        assert!(village.is_within(&regency));
        assert!(!KodeWilayah::parse("64.10.01").unwrap().is_within(&regency));
        assert!(KodeWilayah::parse("64.091").is_err());
    }

    #[test]
    fn an_outlines_middle_is_the_mean_of_its_edge() {
        let square = Outline(vec![vec![vec![[116.0, -1.0], [116.2, -1.0], [116.2, -1.2], [116.0, -1.2]]]]);
        let middle = square.middle().unwrap();
        assert!((middle.lat() + 1.1).abs() < 1e-9 && (middle.lon() - 116.1).abs() < 1e-9, "{middle:?}");
        assert_eq!(Outline(vec![]).middle(), None);
    }

    #[test]
    fn malformed_codes_are_refused() {
        for bad in ["", "6", "64.9", "64.09.1", "64.09.01.201", "64.09.01.2001.1", "ab.cd", "64..01"] {
            assert_eq!(KodeWilayah::parse(bad), Err(KodeWilayahError), "{bad}");
        }
    }
}
