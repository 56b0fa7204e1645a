//! An edit that met someone else's: the user's changes beside the newest values, a field someone else
//! changed too marked as a clash.

use leptos::prelude::*;

use super::editable::{EDITABLE, Values, editable};
use super::page::Page;
use crate::i18n::texts;

#[component]
pub(super) fn Conflict(
    page: Page,
    /// What the user typed, field by field (in the order of [`EDITABLE`]).
    typed: [RwSignal<String>; 5],
    /// The values the user started from.
    base: StoredValue<Values>,
    labels: [&'static str; 5],
) -> impl IntoView {
    let t = texts();
    move || {
        let newest = page.detail.try_with(|d| d.as_ref().map(|d| editable(&d.incident))).flatten().unwrap_or_default();
        let before = base.get_value();
        let rows = (0..EDITABLE.len())
            .filter(|&i| typed[i].with(|v| !v.trim().is_empty() && v.trim() != before[i].trim()))
            .map(|i| {
                let theirs = newest[i].clone();
                let clash = theirs.trim() != before[i].trim();
                view! {
                    <tr data-testid="conflict-row" data-field=EDITABLE[i] class:clash=clash>
                        <th scope="row">{labels[i]}</th>
                        <td data-label=t.conflict_theirs data-testid="theirs">{theirs}</td>
                        <td data-label=t.conflict_yours data-testid="yours">{move || typed[i].get()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="conflict" role="alert" data-testid="conflict">
                <p>{t.conflict_title}</p>
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col"></th>
                            <th scope="col">{t.conflict_theirs}</th>
                            <th scope="col">{t.conflict_yours}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    }
}
