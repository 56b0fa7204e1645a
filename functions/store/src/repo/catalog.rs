//! The reference data an admin edits and intake looks up: categories, agencies, regions, and the
//! regions' outlines for the dashboard's map.
//!
//! Each kind is one partition sorted by its code, so a list is one ordered read and a region's
//! subdivisions are a prefix of its kode wilayah.

use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use tanggap_domain::{Agency, AgencyCode, Boundary, Category, CategoryCode, KodeWilayah, Region};

use super::{RepoError, decode, encode, pack, read_all, unpack};
use crate::table::{Condition, Item, Key, Query, StoreError, Table};

/// Where one kind of reference data lives: its partition, and the attribute holding each value.
struct Kind {
    partition: &'static str,
    payload: &'static str,
}

const CATEGORIES: Kind = Kind { partition: "CATEGORY", payload: "category" };
const AGENCIES: Kind = Kind { partition: "AGENCY", payload: "agency" };
const REGIONS: Kind = Kind { partition: "REGION", payload: "region" };
/// The outlines of a regency's districts and villages: one item, packed (66 KB for Kabupaten Bogor's
/// 39 districts and 404 villages), read whole by the map.
const MAP: Kind = Kind { partition: "MAP", payload: "boundaries" };

/// Categories, agencies and regions. Every put is an upsert; seeding adds categories and agencies only
/// where they are missing, so that it never undoes an admin's edit.
#[derive(Clone)]
pub struct CatalogRepo {
    table: Arc<dyn Table>,
}

impl CatalogRepo {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    /// Stores the category, replacing any with its code (an admin's save).
    #[tracing::instrument(level = "debug", skip_all, fields(code = %category.code))]
    pub async fn put_category(&self, category: &Category) -> Result<(), RepoError> {
        self.put(&CATEGORIES, category.code.as_str(), category).await
    }

    /// Stores the category unless one with its code exists (seeding). True when it was added.
    #[tracing::instrument(level = "debug", skip_all, fields(code = %category.code))]
    pub async fn add_category(&self, category: &Category) -> Result<bool, RepoError> {
        self.add(&CATEGORIES, category.code.as_str(), category).await
    }

    /// Every category, in code order.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn categories(&self) -> Result<Vec<Category>, RepoError> {
        self.list(&CATEGORIES, "").await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(code = %code))]
    pub async fn category(&self, code: &CategoryCode) -> Result<Option<Category>, RepoError> {
        self.get(&CATEGORIES, code.as_str()).await
    }

    /// Stores the agency, replacing any with its code (an admin's save).
    #[tracing::instrument(level = "debug", skip_all, fields(code = %agency.code))]
    pub async fn put_agency(&self, agency: &Agency) -> Result<(), RepoError> {
        self.put(&AGENCIES, agency.code.as_str(), agency).await
    }

    /// Stores the agency unless one with its code exists (seeding). True when it was added.
    #[tracing::instrument(level = "debug", skip_all, fields(code = %agency.code))]
    pub async fn add_agency(&self, agency: &Agency) -> Result<bool, RepoError> {
        self.add(&AGENCIES, agency.code.as_str(), agency).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(code = %code))]
    pub async fn agency(&self, code: &AgencyCode) -> Result<Option<Agency>, RepoError> {
        self.get(&AGENCIES, code.as_str()).await
    }

    /// Every agency, in code order.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn agencies(&self) -> Result<Vec<Agency>, RepoError> {
        self.list(&AGENCIES, "").await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(code = %region.code))]
    pub async fn put_region(&self, region: &Region) -> Result<(), RepoError> {
        self.put(&REGIONS, region.code.as_str(), region).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(code = %code))]
    pub async fn region(&self, code: &KodeWilayah) -> Result<Option<Region>, RepoError> {
        self.get(&REGIONS, code.as_str()).await
    }

    /// Every region strictly inside `area`, at all levels, in code order: a district comes right
    /// before its villages, because `.` sorts before the digits.
    #[tracing::instrument(level = "debug", skip_all, fields(area = %area))]
    pub async fn regions_within(&self, area: &KodeWilayah) -> Result<Vec<Region>, RepoError> {
        self.list(&REGIONS, &format!("{area}.")).await
    }

    /// Replaces the outlines of `regency`'s districts and villages.
    #[tracing::instrument(level = "debug", skip_all, fields(regency = %regency, count = boundaries.len()))]
    pub async fn put_boundaries(&self, regency: &KodeWilayah, boundaries: &[Boundary]) -> Result<(), RepoError> {
        let item = Item::new(&Key::new(MAP.partition, regency.as_str())).with(MAP.payload, pack(&boundaries));
        Ok(self.table.put(item, Condition::None).await?)
    }

    /// The outlines of `regency`'s districts and villages; None when none were loaded.
    #[tracing::instrument(level = "debug", skip_all, fields(regency = %regency))]
    pub async fn boundaries(&self, regency: &KodeWilayah) -> Result<Option<Vec<Boundary>>, RepoError> {
        match self.table.get(&Key::new(MAP.partition, regency.as_str())).await? {
            Some(item) => unpack(&item, MAP.payload).map(Some),
            None => Ok(None),
        }
    }

    async fn put<T: Serialize>(&self, kind: &Kind, code: &str, value: &T) -> Result<(), RepoError> {
        let item = Item::new(&Key::new(kind.partition, code)).with(kind.payload, encode(value));
        Ok(self.table.put(item, Condition::None).await?)
    }

    async fn add<T: Serialize>(&self, kind: &Kind, code: &str, value: &T) -> Result<bool, RepoError> {
        let item = Item::new(&Key::new(kind.partition, code)).with(kind.payload, encode(value));
        match self.table.put(item, Condition::NotExists).await {
            Ok(()) => Ok(true),
            Err(StoreError::ConditionFailed { .. }) => Ok(false),
            Err(err) => Err(err.into()),
        }
    }

    async fn get<T: DeserializeOwned>(&self, kind: &Kind, code: &str) -> Result<Option<T>, RepoError> {
        match self.table.get(&Key::new(kind.partition, code)).await? {
            Some(item) => decode(&item, kind.payload).map(Some),
            None => Ok(None),
        }
    }

    /// The values of `kind` whose codes start with `prefix` (all of them for ""), in code order.
    async fn list<T: DeserializeOwned>(&self, kind: &Kind, prefix: &str) -> Result<Vec<T>, RepoError> {
        let items = read_all(&*self.table, Query::partition(kind.partition).prefix(prefix)).await?;
        items.iter().map(|item| decode(item, kind.payload)).collect()
    }
}
