//! The intake form's keyboard shortcuts, decoded from a key press: Alt with a category's quick key,
//! and Alt with the arrows and Enter for the duplicates offered; and their legend, under the form.

use leptos::prelude::*;
use tanggap_domain::Category;

use crate::i18n::texts;

/// What a key press asks of the intake form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    /// Alt+<letter or digit>: the category with this quick key.
    Category(char),
    /// Alt+↓ / Alt+↑: the next or previous duplicate offered.
    NextDuplicate,
    PreviousDuplicate,
    /// Alt+Enter: link the call to the highlighted duplicate.
    LinkDuplicate,
}

/// The shortcut of a key press, if it is one. Read from the key's position (`KeyboardEvent.code`),
/// not the character it types: Alt+K types "˚" on a Mac. Ctrl or Meta with it is someone else's
/// shortcut (and Ctrl+Alt is AltGr, which types characters on many keyboards).
pub fn shortcut(alt: bool, ctrl: bool, meta: bool, code: &str) -> Option<Shortcut> {
    if !alt || ctrl || meta {
        return None;
    }
    match code {
        "ArrowDown" => Some(Shortcut::NextDuplicate),
        "ArrowUp" => Some(Shortcut::PreviousDuplicate),
        "Enter" | "NumpadEnter" => Some(Shortcut::LinkDuplicate),
        _ => {
            let key = code
                .strip_prefix("Key")
                .or_else(|| code.strip_prefix("Digit"))
                .or_else(|| code.strip_prefix("Numpad"))?;
            let mut chars = key.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_alphanumeric() => Some(Shortcut::Category(c.to_ascii_lowercase())),
                _ => None,
            }
        }
    }
}

/// Every shortcut, with what it does: the categories' quick keys first.
#[component]
pub fn KeyLegend(categories: StoredValue<Vec<Category>>) -> impl IntoView {
    let t = texts();
    let ti = t.intake();
    let legend = categories.with_value(|all| {
        all.iter()
            .filter_map(|c| {
                let key = c.quick_key?.as_char().to_ascii_uppercase();
                let closes = c.closes_at_intake().then(|| format!(" ({})", ti.closes_at_once));
                Some(view! { <li><kbd>{format!("Alt+{key}")}</kbd>" "{c.name(t.lang).to_owned()}{closes}</li> })
            })
            .collect_view()
    });
    view! {
        <section class="keys" aria-label=ti.shortcuts>
            <h3>{ti.shortcuts}</h3>
            <ul>
                {legend}
                <li><kbd>"Enter"</kbd>" "{ti.key_save}</li>
                <li><kbd>"Ctrl+Enter"</kbd>" "{ti.key_save_description}</li>
                <li><kbd>"Alt+↓ Alt+↑"</kbd>" "{ti.key_choose_duplicate}</li>
                <li><kbd>"Alt+Enter"</kbd>" "{ti.key_link}</li>
            </ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alt_with_a_letter_or_digit_picks_a_category_by_the_key_pressed() {
        assert_eq!(shortcut(true, false, false, "KeyK"), Some(Shortcut::Category('k')));
        assert_eq!(shortcut(true, false, false, "Digit1"), Some(Shortcut::Category('1')));
        assert_eq!(shortcut(true, false, false, "Numpad2"), Some(Shortcut::Category('2')));
    }

    #[test]
    fn keys_without_alt_or_with_ctrl_or_meta_are_left_alone() {
        assert_eq!(shortcut(false, false, false, "KeyK"), None);
        assert_eq!(shortcut(true, true, false, "KeyK"), None, "AltGr");
        assert_eq!(shortcut(true, false, true, "KeyK"), None);
        assert_eq!(shortcut(true, false, false, "F4"), None);
        assert_eq!(shortcut(true, false, false, "NumpadAdd"), None);
        assert_eq!(shortcut(true, false, false, "Tab"), None);
    }

    #[test]
    fn alt_with_the_arrows_and_enter_works_the_duplicates() {
        assert_eq!(shortcut(true, false, false, "ArrowDown"), Some(Shortcut::NextDuplicate));
        assert_eq!(shortcut(true, false, false, "ArrowUp"), Some(Shortcut::PreviousDuplicate));
        assert_eq!(shortcut(true, false, false, "Enter"), Some(Shortcut::LinkDuplicate));
    }
}
