//! Demo mode: the regency's areas, the default categories and agencies, and a few dozen incidents in
//! several states. Every write is an upsert or carries a fixed idempotency key, so seeding twice never
//! duplicates anything.

mod areas;
mod demo;

use std::path::Path;

use anyhow::Context;
use tanggap_domain::{Agency, Category, KodeWilayah};
use tanggap_store::repo::CatalogRepo;

pub use demo::incidents as demo_incidents;

const CATEGORIES: &str = include_str!("../../seed/categories.json");
const AGENCIES: &str = include_str!("../../seed/agencies.json");

/// Loads the reference data the intake form needs. Returns how many areas were loaded.
pub async fn reference(catalog: &CatalogRepo, regency: &KodeWilayah, area_data: &Path) -> anyhow::Result<usize> {
    let categories: Vec<Category> = serde_json::from_str(CATEGORIES).context("seed/categories.json")?;
    for category in &categories {
        catalog.put_category(category).await.with_context(|| format!("seeding category {}", category.code))?;
    }
    let agencies: Vec<Agency> = serde_json::from_str(AGENCIES).context("seed/agencies.json")?;
    for agency in &agencies {
        catalog.put_agency(agency).await.with_context(|| format!("seeding agency {}", agency.code))?;
    }
    let regions = areas::load(area_data, regency)?;
    for region in &regions {
        catalog.put_region(region).await.with_context(|| format!("seeding area {}", region.code))?;
    }
    Ok(regions.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tanggap_domain::Timestamp;
    use tanggap_store::repo::IncidentRepo;

    #[test]
    fn every_default_category_names_only_default_agencies() {
        let categories: Vec<Category> = serde_json::from_str(CATEGORIES).unwrap();
        let agencies: Vec<Agency> = serde_json::from_str(AGENCIES).unwrap();
        assert_eq!(categories.len(), 21, "DOMAIN.md lists 21 default categories");
        for category in &categories {
            for agency in category.lead_agencies.iter().chain(&category.support_agencies) {
                assert!(agencies.iter().any(|a| a.code == *agency), "{} names unknown agency {agency}", category.code);
            }
            assert_eq!(category.dispatch_target.is_some(), !category.closes_at_intake(), "{}", category.code);
        }
    }

    #[tokio::test]
    async fn seeding_twice_duplicates_nothing() {
        let area_data = tempfile::tempdir().unwrap();
        areas::tests::write_area_data(area_data.path());
        let store = tanggap_store::testing::embedded().await;
        let regency = KodeWilayah::parse("64.09").unwrap();
        let catalog = CatalogRepo::new(store.table.clone());
        let now = Timestamp::from_unix_millis(1_795_000_000_000).unwrap();

        assert_eq!(reference(&catalog, &regency, area_data.path()).await.unwrap(), 4);
        let first = demo_incidents(store.table.clone(), &regency, now).await.unwrap();
        let board = IncidentRepo::new(store.table.clone()).board(200, None).await.unwrap().0;

        assert_eq!(reference(&catalog, &regency, area_data.path()).await.unwrap(), 4);
        let second = demo_incidents(store.table.clone(), &regency, now.plus_seconds(3600)).await.unwrap();
        let board_again = IncidentRepo::new(store.table.clone()).board(200, None).await.unwrap().0;

        assert!(first.created > 20 && first.already_there == 0, "{first:?}");
        assert_eq!((second.created, second.already_there), (0, first.created));
        assert_eq!(board_again, board);
        assert!(board.iter().any(|i| i.status == tanggap_domain::IncidentStatus::Dispatched));
        assert_eq!(catalog.categories().await.unwrap().len(), 21);
        assert_eq!(catalog.regions_within(&regency).await.unwrap().len(), 3);
    }
}
