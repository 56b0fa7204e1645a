//! An incident's priority as a coloured badge: P1 red, P2 amber, P3 blue, P0 grey.

use leptos::prelude::*;
use tanggap_domain::Priority;

use crate::i18n::texts;

#[component]
pub fn PriorityBadge(priority: Priority) -> impl IntoView {
    // The colour is never the only cue: the code is written out and the meaning is in the title.
    let class = format!("badge badge-{}", priority.as_str().to_ascii_lowercase());
    view! { <span class=class title=priority.meaning(texts().lang)>{priority.as_str()}</span> }
}
