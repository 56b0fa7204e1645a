//! Demo mode: the regency's areas, the default categories and agencies, demo users of every role, a
//! few dozen incidents in several states, and four weeks of calls closed at intake before today (what
//! the dashboard's week and the staffing planner measure). Every write is an upsert (areas), a create
//! that leaves an existing item alone (categories, agencies, users: an admin's edits survive), carries a
//! fixed idempotency key, or (the weeks of calls) is made only where their first day has none, so
//! seeding twice never duplicates anything.

mod areas;
mod boundaries;
mod demo;
pub mod users;

use std::path::Path;

use anyhow::Context;
use tanggap_domain::{Agency, Category, KodeWilayah};
use tanggap_store::repo::CatalogRepo;

pub use demo::incidents as demo_incidents;
pub use users::users as demo_users;

/// The demo's weeks of calls before today.
const HISTORY_DAYS: i64 = 28;
/// Calls a day in them, before the year's rhythm (weekends and rainy months busier).
const HISTORY_CALLS_A_DAY: f64 = 40.0;

/// Four weeks of calls up to yesterday (the center's days, WIB), all closed at intake, with the
/// hourly rhythm of a real center; none where the first of those days has calls already. Returns what
/// it made, and how long it took.
pub async fn demo_history(
    table: std::sync::Arc<dyn tanggap_store::Table>,
    regency: &KodeWilayah,
    now: tanggap_domain::Timestamp,
) -> anyhow::Result<crate::year::Generated> {
    let first = tanggap_domain::Day::of(now, 7).plus_days(-HISTORY_DAYS);
    let callers = tanggap_store::repo::CallerRepo::new(table.clone());
    if !callers.calls_on(&first).await.context("reading the first day of the demo's history")?.is_empty() {
        return Ok(crate::year::Generated::default());
    }
    crate::year::history(table, regency.clone(), first, HISTORY_DAYS, HISTORY_CALLS_A_DAY)
        .await
        .context("writing the demo's weeks of calls")
}

const CATEGORIES: &str = include_str!("../../seed/categories.json");
const AGENCIES: &str = include_str!("../../seed/agencies.json");

/// Where the map's outlines come from (a GADM folder or a GeoJSON file: see [`boundaries`]), and
/// whether to replace those stored (else they are loaded only where none are).
#[derive(Debug, Clone, Copy)]
pub struct OutlineSource<'a> {
    pub path: &'a Path,
    pub replace: bool,
}

/// Loads the reference data the intake form needs, and the map's outlines. Returns how many areas
/// were loaded. Categories and agencies are added only where their code is missing: an admin may have
/// edited them since.
pub async fn reference(
    catalog: &CatalogRepo,
    regency: &KodeWilayah,
    area_data: &Path,
    outlines: OutlineSource<'_>,
) -> anyhow::Result<usize> {
    let categories: Vec<Category> = serde_json::from_str(CATEGORIES).context("seed/categories.json")?;
    for category in &categories {
        catalog.add_category(category).await.with_context(|| format!("seeding category {}", category.code))?;
    }
    let agencies: Vec<Agency> = serde_json::from_str(AGENCIES).context("seed/agencies.json")?;
    for agency in &agencies {
        catalog.add_agency(agency).await.with_context(|| format!("seeding agency {}", agency.code))?;
    }
    let regions = areas::load(area_data, regency)?;
    for region in &regions {
        catalog.put_region(region).await.with_context(|| format!("seeding area {}", region.code))?;
    }
    outline(catalog, regency, area_data, &regions, outlines).await?;
    Ok(regions.len())
}

/// Stores the outlines of the regency's districts and villages, unless some are stored and not to be
/// replaced. Without a source, the map shows the incidents' pins only: a warning, not a failure.
async fn outline(
    catalog: &CatalogRepo,
    regency: &KodeWilayah,
    area_data: &Path,
    regions: &[tanggap_domain::Region],
    source: OutlineSource<'_>,
) -> anyhow::Result<()> {
    if !source.replace && catalog.boundaries(regency).await.context("reading the stored outlines")?.is_some() {
        return Ok(());
    }
    if !source.path.exists() {
        tracing::warn!(source = %source.path.display(), "no outlines of districts and villages: the dashboard's map shows pins only");
        return Ok(());
    }
    let province = areas::province_name(area_data, regency)?;
    let found = boundaries::load(source.path, &province, regions)?;
    catalog.put_boundaries(regency, &found.boundaries).await.context("storing the outlines")?;
    let missing: Vec<&str> = found.missing.iter().map(|r| r.name.as_str()).collect();
    tracing::info!(outlined = found.boundaries.len(), missing = missing.len(), ?missing, "outlines of the map loaded");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tanggap_api::auth::password::Cost;
    use tanggap_api::auth::{Passwords, SigningKey};
    use tanggap_domain::{Actor, Role, Timestamp};
    use tanggap_store::repo::{IncidentRepo, UserRepo};

    fn no_outlines() -> OutlineSource<'static> {
        OutlineSource { path: Path::new("/nonexistent/outlines"), replace: false }
    }

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
        let users = UserRepo::new(store.table.clone());
        let passwords = Passwords::new(Cost::TESTING).unwrap();
        let key = SigningKey::new(vec![42; 32]).unwrap();
        let now = Timestamp::from_unix_millis(1_795_000_000_000).unwrap();

        assert_eq!(reference(&catalog, &regency, area_data.path(), no_outlines()).await.unwrap(), 4);
        let first_users = demo_users(&users, &passwords, "tanggap112").await.unwrap();
        let first = demo_incidents(store.table.clone(), &regency, now, &key).await.unwrap();
        let board = IncidentRepo::new(store.table.clone()).board(200, None).await.unwrap().0;
        let accounts = users.list().await.unwrap();

        assert_eq!(reference(&catalog, &regency, area_data.path(), no_outlines()).await.unwrap(), 4);
        let second_users = demo_users(&users, &passwords, "another password").await.unwrap();
        let second = demo_incidents(store.table.clone(), &regency, now.plus_seconds(3600), &key).await.unwrap();
        let board_again = IncidentRepo::new(store.table.clone()).board(200, None).await.unwrap().0;

        assert!(first.created > 20 && first.already_there == 0, "{first:?}");
        assert_eq!((second.created, second.already_there), (0, first.created));
        assert_eq!(board_again, board);
        assert!(board.iter().any(|i| i.status == tanggap_domain::IncidentStatus::Dispatched));
        assert_eq!(catalog.categories().await.unwrap().len(), 21);
        assert_eq!(catalog.regions_within(&regency).await.unwrap().len(), 3);
        assert_eq!((first_users.created, first_users.already_there), (10, 0));
        assert_eq!((second_users.created, second_users.already_there), (0, 10));
        assert_eq!(users.list().await.unwrap(), accounts, "an existing user is left as it is");
        assert!(accounts.iter().all(|u| !u.must_change_password && !u.disabled));
    }

    #[tokio::test]
    async fn the_maps_outlines_are_loaded_where_none_are_stored_or_when_asked_to_replace_them() {
        let area_data = tempfile::tempdir().unwrap();
        areas::tests::write_area_data(area_data.path());
        let gadm = tempfile::tempdir().unwrap();
        boundaries::tests::write_gadm(gadm.path());
        let store = tanggap_store::testing::embedded().await;
        let regency = KodeWilayah::parse("64.09").unwrap();
        let catalog = CatalogRepo::new(store.table.clone());
        let outlined = |found: Option<Vec<tanggap_domain::Boundary>>| -> Vec<String> {
            found.unwrap_or_default().into_iter().map(|b| b.region.code.to_string()).collect()
        };

        assert_eq!(outlined(catalog.boundaries(&regency).await.unwrap()), Vec::<String>::new());
        reference(&catalog, &regency, area_data.path(), OutlineSource { path: gadm.path(), replace: false })
            .await
            .unwrap();
        assert_eq!(outlined(catalog.boundaries(&regency).await.unwrap()), ["64.09.01", "64.09.01.2001"]);

        let own = gadm.path().join("own.geojson");
        std::fs::write(&own, r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"64.09.01"},"geometry":{"type":"Polygon","coordinates":[[[116,-1],[116.1,-1],[116,-1.1],[116,-1]]]}}]}"#).unwrap();
        reference(&catalog, &regency, area_data.path(), OutlineSource { path: &own, replace: false }).await.unwrap();
        assert_eq!(outlined(catalog.boundaries(&regency).await.unwrap()).len(), 2, "kept: not asked to replace");
        reference(&catalog, &regency, area_data.path(), OutlineSource { path: &own, replace: true }).await.unwrap();
        assert_eq!(outlined(catalog.boundaries(&regency).await.unwrap()), ["64.09.01"]);
    }

    #[tokio::test]
    async fn seeding_again_keeps_an_admins_edits_of_categories_and_agencies() {
        let area_data = tempfile::tempdir().unwrap();
        areas::tests::write_area_data(area_data.path());
        let store = tanggap_store::testing::embedded().await;
        let regency = KodeWilayah::parse("64.09").unwrap();
        let catalog = CatalogRepo::new(store.table.clone());
        reference(&catalog, &regency, area_data.path(), no_outlines()).await.unwrap();
        let fire = tanggap_domain::CategoryCode::parse("FIRE").unwrap();
        let seeded = catalog.category(&fire).await.unwrap().unwrap();
        let edited = Category { dispatch_target: Some(tanggap_domain::DispatchTarget::minutes(7)), ..seeded.clone() };
        assert_ne!(edited, seeded);
        catalog.put_category(&edited).await.unwrap();
        let mut damkar = catalog.agencies().await.unwrap().into_iter().find(|a| a.code.as_str() == "DAMKAR").unwrap();
        damkar.name = "Dinas Pemadam Kebakaran dan Penyelamatan".into();
        catalog.put_agency(&damkar).await.unwrap();

        reference(&catalog, &regency, area_data.path(), no_outlines()).await.unwrap();

        assert_eq!(catalog.category(&fire).await.unwrap(), Some(edited));
        assert_eq!(catalog.agency(&damkar.code).await.unwrap(), Some(damkar));
        assert_eq!(catalog.categories().await.unwrap().len(), 21);
    }

    #[tokio::test]
    async fn demo_incidents_are_taken_by_operator1_and_moved_by_the_agencies_officers() {
        let area_data = tempfile::tempdir().unwrap();
        areas::tests::write_area_data(area_data.path());
        let store = tanggap_store::testing::embedded().await;
        let regency = KodeWilayah::parse("64.09").unwrap();
        let catalog = CatalogRepo::new(store.table.clone());
        let key = SigningKey::new(vec![42; 32]).unwrap();
        let now = Timestamp::from_unix_millis(1_795_000_000_000).unwrap();
        reference(&catalog, &regency, area_data.path(), no_outlines()).await.unwrap();
        demo_users(&UserRepo::new(store.table.clone()), &Passwords::new(Cost::TESTING).unwrap(), "tanggap112")
            .await
            .unwrap();

        demo_incidents(store.table.clone(), &regency, now, &key).await.unwrap();

        let incidents = IncidentRepo::new(store.table.clone());
        let mut actors = std::collections::BTreeSet::new();
        for incident in incidents.board(200, None).await.unwrap().0 {
            for event in incidents.events(&incident.id).await.unwrap() {
                match event.actor {
                    Actor::User { username, role } => actors.insert((username.to_string(), role)),
                    other => panic!("an event without a user: {other:?}"),
                };
            }
        }
        let expected = [
            ("bpbd", Role::AgencyOfficer),
            ("damkar", Role::AgencyOfficer),
            ("operator1", Role::Operator),
            ("pdam", Role::AgencyOfficer),
            ("psc119", Role::AgencyOfficer),
        ];
        assert_eq!(actors, expected.into_iter().map(|(u, r)| (u.to_owned(), r)).collect());
    }
}
