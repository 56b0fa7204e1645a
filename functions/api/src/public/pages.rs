//! The public pages as HTML, rendered on the server so that they work on any phone, with JavaScript
//! or without: one request, one small page, one small stylesheet and script from the site
//! (`frontend/public/publik/`). maud escapes every value, so nothing a citizen sent is ever markup.

use std::collections::BTreeMap;

use maud::{DOCTYPE, Markup, html};
use tanggap_domain::citizen::{PublicProgress, PublicStep, TicketCode};
use tanggap_domain::dto::FieldError;
use tanggap_domain::words::PublicWord as W;
use tanggap_domain::{Category, Incident, Lang, Region, RegionLevel, Text, Timestamp};

use super::form::HONEYPOT;

/// The page around every public page's content.
fn page(lang: Lang, title: &str, switch_to: &str, content: Markup) -> Markup {
    let lang_attr = match lang {
        Lang::Id => "id",
        Lang::En => "en",
    };
    html! {
        (DOCTYPE)
        html lang=(lang_attr) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (title) }
                link rel="stylesheet" href="/publik/lapor.css";
                script src="/publik/lapor.js" defer {}
            }
            body {
                main {
                    p.lang { a href=(switch_to) { (W::OtherLanguage.label(lang)) } }
                    (content)
                }
            }
        }
    }
}

fn other_lang(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "en",
        Lang::En => "id",
    }
}

/// What the report form shows: the choices, and what was typed before when it is shown again.
pub struct ReportPage<'a> {
    pub lang: Lang,
    pub regency: &'a str,
    pub categories: &'a [Category],
    /// Districts, each with its villages.
    pub areas: &'a [(Region, Vec<Region>)],
    pub values: &'a BTreeMap<String, String>,
    pub errors: &'a [FieldError],
    /// A fresh key, or the one of the submit being shown again.
    pub key: &'a str,
}

pub fn report(form: &ReportPage<'_>) -> Markup {
    let lang = form.lang;
    let value = |name: &str| form.values.get(name).map(String::as_str).unwrap_or("");
    let error = |names: &[&str]| -> Option<&str> {
        form.errors.iter().find(|e| names.contains(&e.field.as_str())).map(|e| e.message.as_str())
    };
    let field_error = |names: &[&str]| {
        html! { @if let Some(message) = error(names) { span.error role="alert" { (message) } } }
    };
    let title = format!("{} · {}", W::ReportTitle.label(lang), form.regency);
    let switch = format!("/lapor?lang={}", other_lang(lang));
    page(
        lang,
        &title,
        &switch,
        html! {
            h1 { (W::ReportTitle.label(lang)) }
            p.regency { (form.regency) }
            p.urgent { (W::EmergencyCall.label(lang)) }
            @if !form.errors.is_empty() {
                p.error role="alert" { (W::FixBelow.label(lang)) }
            }
            p #draft-restored hidden { (W::DraftKept.label(lang)) }
            form #report method="post" action="/lapor" enctype="multipart/form-data" novalidate
                data-sending=(W::Sending.label(lang)) data-retrying=(W::Retrying.label(lang))
                data-position-taken=(W::PositionTaken.label(lang)) data-position-failed=(W::PositionFailed.label(lang)) {
                input type="hidden" name="key" value=(form.key);
                input type="hidden" name="lang" value=(match lang { Lang::Id => "id", Lang::En => "en" });
                label {
                    (W::Category.label(lang))
                    select name="category" required {
                        option value="" { (W::ChooseCategory.label(lang)) }
                        @for category in form.categories {
                            option value=(category.code) selected[value("category") == category.code.as_str()] {
                                (category.name(lang))
                            }
                        }
                    }
                    (field_error(&["category"]))
                }
                label {
                    (W::Description.label(lang))
                    small { (W::DescriptionHint.label(lang)) }
                    textarea name="description" rows="4" maxlength=(Text::MAX_CHARS) required { (value("description")) }
                    (field_error(&["description"]))
                }
                label {
                    (W::District.label(lang))
                    select #district name="district" required {
                        option value="" { (W::ChooseDistrict.label(lang)) }
                        @for (district, _) in form.areas {
                            option value=(district.code) selected[value("district") == district.code.as_str()] { (district.name) }
                        }
                    }
                    (field_error(&["district"]))
                }
                label {
                    (W::Village.label(lang)) " " small { "(" (W::Optional.label(lang)) ")" }
                    select #village name="village" {
                        option value="" { (W::ChooseVillage.label(lang)) }
                        @for (district, villages) in form.areas {
                            optgroup label=(district.name) data-district=(district.code) {
                                @for village in villages {
                                    option value=(village.code) selected[value("village") == village.code.as_str()] { (village.name) }
                                }
                            }
                        }
                    }
                    (field_error(&["village"]))
                }
                label {
                    (W::Landmark.label(lang))
                    input type="text" name="landmark" maxlength=(Text::MAX_CHARS) value=(value("landmark"));
                    (field_error(&["landmark"]))
                }
                div.position {
                    input #lat type="hidden" name="lat" value=(value("lat"));
                    input #lon type="hidden" name="lon" value=(value("lon"));
                    button #use-position type="button" hidden { (W::UsePosition.label(lang)) }
                    span #position-status {}
                    (field_error(&["coordinates"]))
                }
                label {
                    (W::Photo.label(lang)) " " small { "(" (W::Optional.label(lang)) ")" }
                    small { (W::PhotoHint.label(lang)) }
                    input type="file" name="photo" accept="image/jpeg,image/png,image/webp";
                    (field_error(&["photo"]))
                }
                label {
                    (W::Phone.label(lang))
                    small { (W::PhoneHint.label(lang)) }
                    input type="tel" name="caller_phone" inputmode="tel" autocomplete="tel" required value=(value("caller_phone"));
                    (field_error(&["caller_phone"]))
                }
                label {
                    (W::Name.label(lang)) " " small { "(" (W::Optional.label(lang)) ")" }
                    input type="text" name="caller_name" autocomplete="name" maxlength="200" value=(value("caller_name"));
                    (field_error(&["caller_name"]))
                }
                // Hidden from people (CSS and the screen reader), not from robots.
                div.trap aria-hidden="true" {
                    label { (W::Honeypot.label(lang)) input type="text" name=(HONEYPOT) tabindex="-1" autocomplete="off"; }
                }
                p #submit-status role="status" {}
                button type="submit" { (W::Send.label(lang)) }
            }
        },
    )
}

/// What the tracking page shows of an incident: nothing but its category, its code and the public steps.
pub struct TicketPage<'a> {
    pub lang: Lang,
    pub token: &'a str,
    pub incident: &'a Incident,
    pub category: &'a str,
    pub utc_offset_hours: i8,
    /// Whether the reporter may still say the problem is not solved depends on it.
    pub now: Timestamp,
    pub errors: &'a [FieldError],
    /// A refusal of the last request, said above everything.
    pub refusal: Option<&'a str>,
}

pub fn ticket(view: &TicketPage<'_>) -> Markup {
    let lang = view.lang;
    let incident = view.incident;
    let code = incident.ticket.as_ref().map(TicketCode::as_str).unwrap_or("");
    let progress = PublicProgress::of(incident);
    let title = format!("{} {code}", W::TicketTitle.label(lang));
    let switch = format!("/t/{}?lang={}", view.token, other_lang(lang));
    let reached = |step: PublicStep| progress.steps.iter().find(|r| r.step == step).map(|r| r.at);
    let error = view.errors.iter().map(|e| e.message.as_str()).next();
    page(
        lang,
        &title,
        &switch,
        html! {
            h1 { (W::TicketTitle.label(lang)) " " span.code { (code) } }
            p.keep { (W::KeepLink.label(lang)) }
            @if let Some(refusal) = view.refusal { p.error role="alert" { (refusal) } }
            p { strong { (view.category) } br; (W::ReportedAs.label(lang)) " " (time(incident.received_at, view.utc_offset_hours)) }
            ol.steps {
                @for step in PublicStep::ALL {
                    @let at = reached(step);
                    li.done[at.is_some()] data-step=(step_name(step)) {
                        span.step { (step.label(lang)) }
                        span.at { @match at { Some(at) => (time(at, view.utc_offset_hours)), None => (W::NotYet.label(lang)) } }
                    }
                }
            }
            @if let Some(ending) = progress.ending { p.ending { (ending.label(lang)) } }
            @if let Some(rating) = &incident.rating {
                p.rated { (W::RatedThanks.label(lang)) " " (rating.stars.get()) " " (W::StarsOutOf.label(lang)) }
            } @else if progress.is_done() {
                form #rate method="post" action=(format!("/t/{}/nilai", view.token)) {
                    input type="hidden" name="lang" value=(match lang { Lang::Id => "id", Lang::En => "en" });
                    fieldset {
                        legend { (W::RateQuestion.label(lang)) }
                        @for stars in (1..=5u8).rev() {
                            label.star { input type="radio" name="stars" value=(stars) required; " " (stars) " " (W::StarsOutOf.label(lang)) }
                        }
                    }
                    @if let Some(message) = error { p.error role="alert" { (message) } }
                    label { (W::Comment.label(lang)) " " small { "(" (W::Optional.label(lang)) ")" }
                        textarea name="comment" rows="3" maxlength=(Text::MAX_CHARS) {} }
                    button type="submit" { (W::SendRating.label(lang)) }
                }
            }
            @if let Some(complaint) = &incident.complaint {
                @if complaint.is_open() { p.complained { (W::NotSolvedTaken.label(lang)) } }
                @if complaint.reopened_at.is_some() && !progress.is_done() { p.reopened { (W::Reopened.label(lang)) } }
                @if let Some(answer) = &complaint.answer {
                    div.answer { strong { (W::CenterAnswer.label(lang)) } p { (answer) } }
                }
            }
            @if incident.complaint_refused(view.now).is_none() {
                form #not-solved method="post" action=(format!("/t/{}/belum", view.token)) {
                    input type="hidden" name="lang" value=(match lang { Lang::Id => "id", Lang::En => "en" });
                    fieldset {
                        legend { (W::NotSolvedQuestion.label(lang)) }
                        p.hint { (W::NotSolvedHint.label(lang)) }
                        label { (W::Comment.label(lang)) " " small { "(" (W::Optional.label(lang)) ")" }
                            textarea name="comment" rows="3" maxlength=(Text::MAX_CHARS) {} }
                        button type="submit" { (W::SendNotSolved.label(lang)) }
                    }
                }
            }
        },
    )
}

/// A page that says only why nothing could be done (no such ticket, too many requests, refused).
pub fn refusal(lang: Lang, title: W, text: &str, back: &str) -> Markup {
    page(
        lang,
        title.label(lang),
        // The other language of the page to go back to (this one may answer a POST).
        &format!("{back}?lang={}", other_lang(lang)),
        html! {
            h1 { (title.label(lang)) }
            p { (text) }
            p { a href=(back) { (W::Back.label(lang)) } }
        },
    )
}

fn step_name(step: PublicStep) -> &'static str {
    match step {
        PublicStep::Received => "received",
        PublicStep::Verified => "verified",
        PublicStep::Dispatched => "dispatched",
        PublicStep::OnTheWay => "on_the_way",
        PublicStep::OnScene => "on_scene",
        PublicStep::Done => "done",
    }
}

/// A time as people in the regency read it: `07-12-2026 14:05 WIB`.
fn time(at: Timestamp, utc_offset_hours: i8) -> String {
    let local = tanggap_domain::time::local(at, utc_offset_hours);
    let zone = match utc_offset_hours {
        7 => "WIB".to_owned(),
        8 => "WITA".to_owned(),
        9 => "WIT".to_owned(),
        other => format!("UTC{other:+}"),
    };
    format!(
        "{:02}-{:02}-{} {:02}:{:02} {zone}",
        local.day(),
        u8::from(local.month()),
        local.year(),
        local.hour(),
        local.minute()
    )
}

/// Districts with their villages, in name order, from the regions within the regency.
pub fn areas(regions: Vec<Region>) -> Vec<(Region, Vec<Region>)> {
    let (mut districts, villages): (Vec<Region>, Vec<Region>) = regions
        .into_iter()
        .filter(|r| r.level() != RegionLevel::Regency)
        .partition(|r| r.level() == RegionLevel::District);
    districts.sort_by(|a, b| a.name.cmp(&b.name));
    districts
        .into_iter()
        .map(|district| {
            let mut within: Vec<Region> =
                villages.iter().filter(|v| v.code.is_within(&district.code)).cloned().collect();
            within.sort_by(|a, b| a.name.cmp(&b.name));
            (district, within)
        })
        .collect()
}
