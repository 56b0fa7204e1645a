//! Photos from the field: chosen (or taken) on the phone, each uploaded straight to storage at the
//! address the API gives, then attached once the API has checked it; and the photos already attached
//! to the incident. Each photo says how far it got, and why it failed.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use tanggap_domain::dto::NewPhoto;
use tanggap_domain::{Photo, PhotoId};
use wasm_bindgen::JsCast;

use super::task::Task;
use super::time_of_day;
use super::words::words;
use crate::api::{self, ApiError};
use crate::components::form::load;
use crate::i18n::texts;

/// What the API accepts (and the input offers).
const KINDS: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];

#[derive(Debug, Clone, PartialEq)]
enum State {
    Waiting,
    Uploading,
    Checking,
    Attached,
    Failed(String),
}

impl State {
    fn name(&self) -> &'static str {
        match self {
            State::Waiting => "waiting",
            State::Uploading => "uploading",
            State::Checking => "checking",
            State::Attached => "attached",
            State::Failed(_) => "failed",
        }
    }
}

/// One photo chosen for the completion report.
#[derive(Clone)]
struct Chosen {
    key: u32,
    // The browser's file, never copied into the wasm: the upload sends it as it is.
    file: SendWrapper<web_sys::File>,
    /// An object URL of the file, for its thumbnail.
    preview: String,
    state: RwSignal<State>,
}

/// The photos chosen so far, in order.
#[derive(Clone, Copy)]
pub(super) struct Photos {
    list: RwSignal<Vec<Chosen>>,
    next: StoredValue<u32>,
    /// A file of another kind was offered.
    refused: RwSignal<bool>,
}

impl Photos {
    pub fn new() -> Self {
        let list = RwSignal::new(Vec::<Chosen>::new());
        // The thumbnails' object URLs hold their files in memory until revoked.
        on_cleanup(move || {
            for chosen in list.try_get_untracked().unwrap_or_default() {
                let _ = web_sys::Url::revoke_object_url(&chosen.preview);
            }
        });
        Self { list, next: StoredValue::new(0), refused: RwSignal::new(false) }
    }

    fn add(self, file: web_sys::File) {
        if !KINDS.contains(&file.type_().as_str()) {
            self.refused.set(true);
            return;
        }
        let preview = web_sys::Url::create_object_url_with_blob(&file).unwrap_or_default();
        let key = self.next.get_value();
        self.next.set_value(key + 1);
        let chosen = Chosen { key, file: SendWrapper::new(file), preview, state: RwSignal::new(State::Waiting) };
        self.list.update(|list| list.push(chosen));
    }

    fn remove(self, key: u32) {
        self.list.update(|list| {
            if let Some(at) = list.iter().position(|c| c.key == key) {
                let _ = web_sys::Url::revoke_object_url(&list.remove(at).preview);
            }
        });
    }

    /// Uploads and attaches every photo not attached yet, one after the other (a phone's link is
    /// narrow); true when all of them are attached.
    pub async fn upload_all(self, task: Task) -> bool {
        let mut all = true;
        for chosen in self.list.get_untracked() {
            if chosen.state.get_untracked() != State::Attached {
                all &= upload(task, &chosen).await;
            }
        }
        all
    }
}

async fn upload(task: Task, chosen: &Chosen) -> bool {
    let id = task.id.get_value();
    chosen.state.try_set(State::Uploading);
    let file: &web_sys::File = &chosen.file;
    let new = NewPhoto { content_type: file.type_(), size: file.size() as u64 };
    let attached = async {
        let upload = api::new_photo(&id, &new).await?;
        api::upload_photo(&upload, file).await?;
        chosen.state.try_set(State::Checking);
        api::attach_photo(&id, &upload.photo).await
    };
    match attached.await {
        Ok(incident) => {
            task.show(incident);
            chosen.state.try_set(State::Attached);
            true
        }
        Err(error) => {
            chosen.state.try_set(State::Failed(super::task::failure(&error)));
            false
        }
    }
}

/// The file input (the phone's camera, or its gallery) and the photos chosen, each with its state.
#[component]
pub(super) fn PhotoPicker(photos: Photos) -> impl IntoView {
    let w = words();
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        photos.refused.set(false);
        if let Some(files) = input.files() {
            for i in 0..files.length() {
                if let Some(file) = files.get(i) {
                    photos.add(file);
                }
            }
        }
        // Emptied, so that the same photo can be chosen again after it was removed; a phone's camera
        // gives one photo at a time, and each choice adds to the list.
        input.set_value("");
    };
    view! {
        <div class="field photo-field">
            <span class="label" id="photos-label">{w.photos}</span>
            <label class="photo-add" for="photo-input">{w.add_photos}</label>
            <input
                id="photo-input"
                class="visually-hidden"
                data-testid="photo-input"
                type="file"
                accept=KINDS.join(",")
                capture="environment"
                multiple
                aria-labelledby="photos-label"
                on:change=on_change
            />
            <Show when=move || photos.refused.get()>
                <p class="field-error" data-testid="error-photos" role="alert">{w.photo_kinds}</p>
            </Show>
            <ul class="photo-list" data-testid="photo-list">
                <For each=move || photos.list.get() key=|c| c.key let:chosen>
                    <ChosenPhoto chosen photos />
                </For>
            </ul>
        </div>
    }
}

#[component]
fn ChosenPhoto(chosen: Chosen, photos: Photos) -> impl IntoView {
    let w = words();
    let state = chosen.state;
    let text = move || match state.get() {
        State::Waiting => w.photo_waiting.to_owned(),
        State::Uploading => w.photo_uploading.to_owned(),
        State::Checking => w.photo_checking.to_owned(),
        State::Attached => w.photo_attached.to_owned(),
        State::Failed(why) => why,
    };
    let removable = move || matches!(state.get(), State::Waiting | State::Failed(_));
    let key = chosen.key;
    let name = chosen.file.name();
    view! {
        <li data-testid="photo-item" data-state=move || state.get().name() class:failed=move || removable() && state.get() != State::Waiting>
            <img src=chosen.preview.clone() alt="" />
            <span class="photo-name">{name}</span>
            <span class="photo-state" role="status">{text}</span>
            <Show when=removable>
                <button type="button" class="secondary" on:click=move |_| photos.remove(key)>{w.remove}</button>
            </Show>
        </li>
    }
}

/// The photos attached to the incident, each loaded through a short-lived address.
#[component]
pub(super) fn AttachedPhotos(task: Task) -> impl IntoView {
    let w = words();
    let photos = move || task.incident.try_with(|i| i.as_ref().map(|i| i.photos.clone())).flatten().unwrap_or_default();
    view! {
        <Show when=move || !photos().is_empty()>
            <section class="panel" aria-labelledby="photos-title">
                <h2 id="photos-title">{w.attached_photos}</h2>
                <ul class="photos" data-testid="photos">
                    <For each=photos key=|p| p.id.clone() let:photo>
                        <AttachedPhoto task photo />
                    </For>
                </ul>
            </section>
        </Show>
    }
}

#[component]
fn AttachedPhoto(task: Task, photo: Photo) -> impl IntoView {
    let (t, w) = (texts(), words());
    let url = RwSignal::new(None::<Result<String, ApiError>>);
    let id: PhotoId = photo.id.clone();
    load(async move {
        let view = api::photo(&task.id.get_value(), &id).await;
        url.try_set(Some(view.map(|v| v.url)));
    });
    let who = [photo.agency.as_ref().map(|a| a.to_string()), Some(time_of_day(photo.at))];
    let caption = who.into_iter().flatten().collect::<Vec<_>>().join(" · ");
    let image = move || {
        url.get().map(|url| match url {
            Ok(url) => {
                let href = url.clone();
                view! {
                    <a href=href target="_blank" rel="noopener">
                        <img src=url alt=caption.clone() loading="lazy" />
                    </a>
                }
                .into_any()
            }
            Err(_) => view! { <span class="muted">{w.photo_unavailable}</span> }.into_any(),
        })
    };
    view! {
        <li data-testid="photo" data-photo-id=photo.id.to_string()>
            {move || image().unwrap_or_else(|| view! { <span class="loading">{t.loading}</span> }.into_any())}
        </li>
    }
}
