//! The dashboard's map: the regency's districts and villages as GeoJSON (`GET /api/regions/map`), to be
//! shaded by the counts of `GET /api/dashboard`, and a range's incidents as pins
//! (`GET /api/dashboard/incidents`). The app hands both to the map's script as they came.

use serde::{Deserialize, Serialize};

use crate::dto::DayRange;
use crate::{Boundary, CategoryCode, Coordinates, IncidentId, KodeWilayah, Outline, Priority, RegionLevel, Timestamp};

/// GeoJSON's `type` of a feature collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FeatureCollection {
    FeatureCollection,
}

/// GeoJSON's `type` of a feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Feature {
    Feature,
}

/// GeoJSON's `type` of a geometry of several polygons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MultiPolygon {
    MultiPolygon,
}

/// `GET /api/regions/map`: a GeoJSON feature collection (RFC 7946) of the regency's districts and
/// villages that have an outline; empty when none was loaded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AreaMap {
    #[serde(rename = "type")]
    pub kind: FeatureCollection,
    pub features: Vec<AreaFeature>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AreaFeature {
    #[serde(rename = "type")]
    pub kind: Feature,
    pub properties: AreaProperties,
    pub geometry: AreaGeometry,
}

/// Which area a feature is: what the counts of the dashboard are keyed by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AreaProperties {
    pub code: KodeWilayah,
    pub name: String,
    pub level: RegionLevel,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AreaGeometry {
    #[serde(rename = "type")]
    pub kind: MultiPolygon,
    pub coordinates: Outline,
}

impl AreaMap {
    pub fn new(boundaries: Vec<Boundary>) -> Self {
        let features = boundaries
            .into_iter()
            .map(|b| AreaFeature {
                kind: Feature::Feature,
                properties: AreaProperties { level: b.region.level(), code: b.region.code, name: b.region.name },
                geometry: AreaGeometry { kind: MultiPolygon::MultiPolygon, coordinates: b.outline },
            })
            .collect();
        Self { kind: FeatureCollection::FeatureCollection, features }
    }
}

/// One incident of the range on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapPin {
    pub incident: IncidentId,
    pub received_at: Timestamp,
    pub category: CategoryCode,
    /// The category's name in the reader's language.
    pub category_name: String,
    pub priority: Priority,
    pub at: Coordinates,
    /// Whether the reader may open the incident (an agency head: only where their agency was sent).
    pub may_open: bool,
}

/// `GET /api/dashboard/incidents`: the real incidents received in the range that the filters keep,
/// placed on the map, when there are at most `limit` of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapPins {
    pub range: DayRange,
    pub pins: Vec<MapPin>,
    /// Incidents of the range with no position, so not on the map.
    pub unplaced: usize,
    /// More than `limit` incidents: none are pinned (the shaded areas still count them).
    pub truncated: bool,
    pub limit: usize,
}
