//! The reference data every screen looks things up in: the categories and the regency's regions.
//! Loaded once a user has logged in and shared through context.

use std::sync::Arc;

use leptos::prelude::*;
use tanggap_domain::dashboard::CallOutcome;
use tanggap_domain::{Category, CategoryCode, Priority, Region, RegionLevel};

use crate::api::{self, ApiError};
use crate::i18n::texts;
use crate::session;

/// Categories and regions, ready for lookups.
#[derive(Debug, Clone)]
pub struct Reference {
    /// Most urgent first; the API's order within a priority.
    categories: Arc<[Category]>,
    /// In code order, so that every district is followed by its villages.
    regions: Arc<[Region]>,
}

impl Reference {
    pub fn new(categories: &[Category], regions: &[Region]) -> Self {
        let mut categories = categories.to_vec();
        categories.sort_by_key(|c| c.priority);
        Self { categories: categories.into(), regions: regions.into() }
    }

    pub fn category(&self, code: &CategoryCode) -> Option<&Category> {
        self.categories.iter().find(|c| &c.code == code)
    }

    /// The categories in groups of one priority each, most urgent group first.
    pub fn categories_by_priority(&self) -> Vec<(Priority, Vec<Category>)> {
        Priority::ALL
            .iter()
            .map(|&p| (p, self.categories.iter().filter(|c| c.priority == p).cloned().collect::<Vec<_>>()))
            .filter(|(_, group)| !group.is_empty())
            .collect()
    }

    /// How a call ended, in words: the domain's, or for a call closed at intake its category's name
    /// (the code, for a category since removed).
    pub fn outcome_label(&self, outcome: &CallOutcome) -> String {
        let lang = texts().lang;
        match (outcome.label(lang), outcome) {
            (Some(words), _) => words.to_owned(),
            (None, CallOutcome::AtIntake(code)) => {
                self.category(code).map_or_else(|| code.to_string(), |c| c.name(lang).to_owned())
            }
            (None, _) => String::new(),
        }
    }

    /// A district or village by its code.
    pub fn region(&self, code: &tanggap_domain::KodeWilayah) -> Option<&Region> {
        self.regions.iter().find(|r| &r.code == code)
    }

    pub fn districts(&self) -> Vec<Region> {
        self.regions.iter().filter(|r| r.level() == RegionLevel::District).cloned().collect()
    }

    /// The villages (desa / kelurahan) of one district, given by its code.
    pub fn villages_of(&self, district: &str) -> Vec<Region> {
        self.regions
            .iter()
            .filter(|r| r.level() == RegionLevel::Village)
            .filter(|r| r.code.parent().is_some_and(|parent| parent.as_str() == district))
            .cloned()
            .collect()
    }

    /// The regency itself, if the API lists it along with its districts and villages.
    pub fn regency(&self) -> Option<&Region> {
        self.regions.iter().find(|r| r.level() == RegionLevel::Regency)
    }
}

/// The two loads behind [`Reference`], started together so they travel in parallel.
#[derive(Clone, Copy)]
pub struct ReferenceData {
    categories: LocalResource<Result<Arc<[Category]>, ApiError>>,
    regions: LocalResource<Result<Arc<[Region]>, ApiError>>,
}

impl ReferenceData {
    /// Waits for both loads; the first failure wins.
    pub async fn get(self) -> Result<Reference, ApiError> {
        let categories = self.categories.await?;
        let regions = self.regions.await?;
        Ok(Reference::new(&categories, &regions))
    }

    /// The reference data once both loads are in, tracked: for a part of a page that can be drawn
    /// again when it comes, without a `Suspense` (None while loading, or after a failure).
    pub fn loaded(self) -> Option<Reference> {
        let categories = self.categories.get()?.ok()?;
        let regions = self.regions.get()?.ok()?;
        Some(Reference::new(&categories, &regions))
    }

    pub fn reload(self) {
        self.categories.refetch();
        self.regions.refetch();
    }
}

/// Makes the reference data available to every component below. It is loaded once someone has
/// logged in (the API serves it to signed-in users only); it is the same for every user.
pub fn provide_reference() {
    let data = ReferenceData {
        categories: LocalResource::new(|| async {
            session::until_signed_in().await;
            api::categories().await.map(Arc::from)
        }),
        regions: LocalResource::new(|| async {
            session::until_signed_in().await;
            api::regions().await.map(Arc::from)
        }),
    };
    provide_context(data);
}

pub fn use_reference() -> ReferenceData {
    expect_context::<ReferenceData>()
}

/// Draws `page` once the categories and regions are in, or says that they could not be loaded.
/// Not generic over `page`: one copy of the loading machinery serves every page.
pub fn with_reference(page: impl Fn(Reference) -> AnyView + Send + Sync + 'static) -> AnyView {
    let page: Arc<dyn Fn(Reference) -> AnyView + Send + Sync> = Arc::new(page);
    reference_gate(page)
}

fn reference_gate(page: Arc<dyn Fn(Reference) -> AnyView + Send + Sync>) -> AnyView {
    let t = texts();
    let reference = use_reference();
    let content = move || {
        let page = page.clone();
        Suspend::new(async move {
            match reference.get().await {
                Ok(reference) => page(reference),
                Err(error) => view! {
                    <section class="panel" role="alert">
                        <p>{t.reference_failed}" "{t.api_error(&error)}</p>
                        <button type="button" on:click=move |_| reference.reload()>{t.retry}</button>
                    </section>
                }
                .into_any(),
            }
        })
    };
    view! { <Suspense fallback=move || view! { <p class="loading">{t.loading}</p> }>{content}</Suspense> }.into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tanggap_domain::KodeWilayah;

    fn region(code: &str, name: &str) -> Region {
        Region { code: KodeWilayah::parse(code).unwrap(), name: name.into() }
    }

    fn category(code: &str, priority: Priority) -> Category {
        Category::new(CategoryCode::parse(code).unwrap(), code, code, priority)
    }

    fn reference() -> Reference {
        Reference::new(
            &[category("PRANK", Priority::P0), category("TREE", Priority::P2), category("FIRE", Priority::P1)],
            &[
                region("64.09.01", "Penajam"),
                region("64.09.01.2001", "Sotek"),
                region("64.09.01.2002", "Bukit Subur"),
                region("64.09.02", "Waru"),
                region("64.09.02.2001", "Waru"),
            ],
        )
    }

    #[test]
    fn a_district_offers_only_its_own_villages() {
        let names: Vec<String> = reference().villages_of("64.09.01").into_iter().map(|r| r.name).collect();
        assert_eq!(names, ["Sotek", "Bukit Subur"]);
        assert!(reference().villages_of("").is_empty());
        assert_eq!(reference().districts().len(), 2);
    }

    #[test]
    fn categories_are_grouped_most_urgent_first_with_closed_at_intake_last() {
        let groups: Vec<Priority> = reference().categories_by_priority().into_iter().map(|(p, _)| p).collect();
        assert_eq!(groups, [Priority::P1, Priority::P2, Priority::P0]);
    }
}
