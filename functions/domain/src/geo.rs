//! A point on the map, as WGS 84 latitude and longitude.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawCoordinates", into = "RawCoordinates")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Coordinates {
    lat: f64,
    lon: f64,
}

/// The wire form, before it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RawCoordinates {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CoordinatesError {
    #[error("latitude must be a number from -90 to 90")]
    Latitude,
    #[error("longitude must be a number from -180 to 180")]
    Longitude,
}

impl Coordinates {
    pub fn new(lat: f64, lon: f64) -> Result<Self, CoordinatesError> {
        if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
            return Err(CoordinatesError::Latitude);
        }
        if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
            return Err(CoordinatesError::Longitude);
        }
        Ok(Self { lat, lon })
    }

    pub fn lat(self) -> f64 {
        self.lat
    }

    pub fn lon(self) -> f64 {
        self.lon
    }

    /// Great-circle distance in metres (haversine), good to well under 1% at the scale of a regency.
    pub fn distance_m(self, other: Coordinates) -> f64 {
        const EARTH_RADIUS_M: f64 = 6_371_008.8;
        let (p1, p2) = (self.lat.to_radians(), other.lat.to_radians());
        let dp = p2 - p1;
        let dl = (other.lon - self.lon).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * a.sqrt().asin()
    }
}

impl TryFrom<RawCoordinates> for Coordinates {
    type Error = CoordinatesError;
    fn try_from(raw: RawCoordinates) -> Result<Self, Self::Error> {
        Self::new(raw.lat, raw.lon)
    }
}

impl From<Coordinates> for RawCoordinates {
    fn from(c: Coordinates) -> Self {
        RawCoordinates { lat: c.lat, lon: c.lon }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_off_the_globe_are_refused() {
        assert_eq!(Coordinates::new(91.0, 0.0), Err(CoordinatesError::Latitude));
        assert_eq!(Coordinates::new(0.0, -181.0), Err(CoordinatesError::Longitude));
        assert_eq!(Coordinates::new(f64::NAN, 0.0), Err(CoordinatesError::Latitude));
        assert!(Coordinates::new(-1.2634, 116.8284).is_ok());
    }

    #[test]
    fn distance_across_the_bay_from_penajam_to_balikpapan_is_about_fourteen_km() {
        let penajam = Coordinates::new(-1.2908, 116.7066).unwrap();
        let balikpapan = Coordinates::new(-1.2654, 116.8312).unwrap();
        let d = penajam.distance_m(balikpapan);
        assert!((13_000.0..15_000.0).contains(&d), "{d}");
    }
}
