//! A labelled form control with its error message right beside it.

use leptos::prelude::*;

/// `field` is the API's name for it (`caller_phone`), which is how the API reports its errors;
/// `id` is the control's element id (`caller-phone`), which the label points at.
#[component]
pub fn Field(
    id: &'static str,
    field: &'static str,
    label: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=id>{label}</label>
            {children()}
            <Show when=move || error.with(Option::is_some)>
                <p class="field-error" id=format!("{id}-error") data-testid=format!("error-{field}") role="alert">
                    {move || error.get()}
                </p>
            </Show>
        </div>
    }
}
