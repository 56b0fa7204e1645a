//! Photos from the field, as thumbnails that open the viewing copy. Their addresses are short-lived
//! (presigned): each is asked for when the photo is shown.

use leptos::prelude::*;
use tanggap_domain::Photo;

use super::page::{Page, key};
use crate::api;
use crate::clock;
use crate::components::form::load;
use crate::i18n::texts;

#[component]
pub(super) fn Photos(page: Page) -> impl IntoView {
    let d = texts().dispatch();
    let added = key(page, |i| i.photos.len().to_string());
    move || {
        added.with(|_| ());
        let photos = page.incident()?.photos;
        (!photos.is_empty()).then(|| {
            let thumbnails = photos.into_iter().map(|photo| view! { <Thumbnail page photo /> }).collect_view();
            view! {
                <section class="panel" data-testid="photos">
                    <h2>{d.photos}</h2>
                    <ul class="photos">{thumbnails}</ul>
                </section>
            }
        })
    }
}

#[component]
fn Thumbnail(page: Page, photo: Photo) -> impl IntoView {
    let t = texts();
    let url = RwSignal::new(None::<String>);
    let id = photo.id.clone();
    load(async move {
        if let Ok(view) = api::photo(&page.id.get_value(), &id).await {
            url.set(Some(view.url));
        }
    });
    let mut caption = clock::local_date_time(photo.at, t.lang);
    for who in [photo.agency.map(|a| a.to_string()), photo.by.map(|b| b.to_string())].into_iter().flatten() {
        caption = format!("{who} · {caption}");
    }
    let title = caption.clone();
    view! {
        <li data-testid="photo" title=title>
            {move || {
                url.get().map(|src| {
                    let href = src.clone();
                    view! {
                        <a href=href target="_blank" rel="noopener">
                            <img src=src alt=caption.clone() loading="lazy" />
                        </a>
                    }
                })
            }}
        </li>
    }
}
