//! The shell: reference data for every page, the header, and the routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::header::Header;
use crate::reference::provide_reference;
use crate::routes::{not_found::NotFound, operator::OperatorPage};

#[component]
pub fn App() -> impl IntoView {
    provide_reference();
    view! {
        <Router>
            <Header />
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=OperatorPage />
                </Routes>
            </main>
        </Router>
    }
}
