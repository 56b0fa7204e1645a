//! The latest ratings the public gave, for the supervisor who follows up the poor ones and the
//! regent's staff: when, which ticket, what, which agencies, how many stars, and the comment.

use leptos::prelude::*;
use tanggap_domain::Role;
use tanggap_domain::dto::RatedIncident;

use crate::api;
use crate::i18n::texts;
use crate::reference::Reference;
use crate::session;

/// Who reads the ratings (the API's policy says the same).
pub fn may_read() -> bool {
    untrack(session::user).is_some_and(|user| matches!(user.role, Role::Supervisor | Role::Executive))
}

#[component]
pub fn Ratings(reference: Reference) -> impl IntoView {
    let t = texts();
    let d = t.dashboard();
    let ratings = LocalResource::new(api::ratings);
    let content = move || {
        let reference = reference.clone();
        Suspend::new(async move {
            match ratings.await {
                Ok(list) if list.ratings.is_empty() => view! { <p class="hint">{d.ratings_none}</p> }.into_any(),
                Ok(list) => {
                    let rows = list
                        .ratings
                        .into_iter()
                        .map(|rating| view! { <RatingRow rating reference=reference.clone() /> })
                        .collect_view();
                    view! {
                        <div class="table-scroll">
                            <table class="data-table" data-testid="ratings"><tbody>{rows}</tbody></table>
                        </div>
                    }
                    .into_any()
                }
                Err(error) => view! { <p class="notice failed" role="alert">{t.api_error(&error)}</p> }.into_any(),
            }
        })
    };
    view! {
        <section class="ratings" aria-labelledby="ratings-title">
            <h2 id="ratings-title">{d.ratings_title}</h2>
            <p class="hint">{d.ratings_hint}</p>
            <Suspense fallback=|| ()>{content}</Suspense>
        </section>
    }
}

#[component]
fn RatingRow(rating: RatedIncident, reference: Reference) -> impl IntoView {
    let t = texts();
    let category =
        reference.category(&rating.category).map_or_else(|| rating.category.to_string(), |c| c.name(t.lang).to_owned());
    let agencies = rating.agencies.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", ");
    let stars = rating.stars.get();
    let href = crate::access::incident_path(&rating.incident);
    view! {
        <tr data-testid="rating-row" class:late=stars <= 2>
            <td>{crate::clock::local_date_time(rating.at, t.lang)}</td>
            <td><a href=href>{rating.ticket.map(|code| code.to_string()).unwrap_or_default()}</a></td>
            <td>{category}</td>
            <td>{agencies}</td>
            <td data-testid="rating-stars">{"★".repeat(usize::from(stars))}" "{stars}"/5"</td>
            <td>{rating.comment.map(|c| c.as_str().to_owned()).unwrap_or_default()}</td>
        </tr>
    }
}
