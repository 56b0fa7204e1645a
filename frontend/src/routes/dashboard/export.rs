//! Exporting what the dashboard shows: one button starts a job for the address's range and filters
//! (`POST /api/dashboard/exports`), the page follows its progress every two seconds, and once it is
//! ready offers the workbook and the CSV. A link is signed for five minutes, so a click asks for a
//! fresh one first.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use tanggap_domain::dto::{ExportFormat, ExportStatus, ExportView};

use crate::api;
use crate::clock::pause;
use crate::i18n::texts;

#[component]
pub fn Export() -> impl IntoView {
    let t = texts();
    let d = t.dashboard();
    let query = use_query_map();
    let job = RwSignal::new(None::<ExportView>);
    let failed = RwSignal::new(None::<String>);
    let busy = move || {
        job.with(|j| j.as_ref().is_some_and(|j| matches!(j.status, ExportStatus::Queued | ExportStatus::Running)))
    };

    let start = move |_| {
        let search = query.with_untracked(|q| q.to_query_string());
        failed.set(None);
        spawn_local(async move {
            let mut view = match api::start_export(&search).await {
                Ok(view) => view,
                Err(error) => return failed.set(Some(texts().api_error(&error))),
            };
            job.set(Some(view.clone()));
            while matches!(view.status, ExportStatus::Queued | ExportStatus::Running) {
                pause(2000).await;
                view = match api::export(&view.id).await {
                    Ok(view) => view,
                    Err(error) => return failed.set(Some(texts().api_error(&error))),
                };
                job.set(Some(view.clone()));
            }
        });
    };
    // A fresh link for the file, then the browser saves it.
    let download = move |format: ExportFormat| {
        let Some(id) = job.with_untracked(|j| j.as_ref().map(|j| j.id.clone())) else { return };
        spawn_local(async move {
            match api::export(&id).await {
                Ok(view) => {
                    if let Some(link) = view.files.iter().find(|f| f.format == format) {
                        let _ = window().location().assign(&link.url);
                    }
                }
                Err(error) => failed.set(Some(texts().api_error(&error))),
            }
        });
    };

    let status = move || {
        job.get().map(|job| {
            let progress = format!(
                "{} {} {} {}, {} {}",
                job.days_done, d.export_days_of, job.days_total, d.export_days, job.rows, d.export_rows
            );
            let links = (job.status == ExportStatus::Ready).then(|| {
                ExportFormat::ALL
                    .into_iter()
                    .map(|format| {
                        view! {
                            <button type="button" class="secondary" data-format=format_name(format) on:click=move |_| download(format)>
                                {format.label(t.lang)}
                            </button>
                        }
                    })
                    .collect_view()
            });
            view! {
                <p class="export-status" data-testid="export-status" data-status=status_name(job.status) role="status">
                    {job.status.label(t.lang)}" · "{progress}
                </p>
                {links}
            }
        })
    };

    view! {
        <div class="export" data-testid="export">
            <button type="button" data-testid="export-start" on:click=start disabled=busy>{d.export}</button>
            {status}
            {move || failed.get().map(|message| view! { <p class="notice failed" role="alert">{message}</p> })}
        </div>
    }
}

fn format_name(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Xlsx => "xlsx",
        ExportFormat::Csv => "csv",
    }
}

fn status_name(status: ExportStatus) -> &'static str {
    match status {
        ExportStatus::Queued => "queued",
        ExportStatus::Running => "running",
        ExportStatus::Ready => "ready",
        ExportStatus::Failed => "failed",
    }
}
