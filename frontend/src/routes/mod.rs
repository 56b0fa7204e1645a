//! One module per page, and which page draws each screen (`access::SCREENS` declares the screens).

pub mod admin;
pub mod agency;
pub mod board;
pub mod dashboard;
pub mod forbidden;
pub mod incident;
pub mod login;
pub mod not_found;
pub mod notifications;
pub mod password;
pub mod shifts;

use leptos::prelude::*;

use self::admin::{audit::AuditPage, categories::CategoriesPage, open311::Open311Page, users::UsersPage};
use self::agency::{AgencyTasksPage, task::AgencyTaskPage, task::IncidentAsTask};
use self::shifts::{duty::ShiftPage, figures::OperatorFiguresPage, planner::PlannerPage, roster::RosterPage};
use self::{
    board::BoardPage, dashboard::DashboardPage, forbidden::ForbiddenPage, incident::IncidentPage, login::LoginPage,
    not_found::NotFound, notifications::NotificationSettingsPage, password::PasswordPage,
};
use crate::access::Screen;
use crate::i18n::texts;
use crate::{console, session};

/// The page of a screen: one arm per screen (the compiler asks for the arm of a new one). Each arm asks
/// in a `const` block whether this wasm has the screen (its row's consoles), so that the pages of other
/// consoles are not compiled in at all; a screen this wasm does not have is loaded afresh with a
/// console that has it.
pub fn page(screen: Screen) -> AnyView {
    match screen {
        Screen::Login if const { Screen::Login.has() } => view! { <LoginPage /> }.into_any(),
        Screen::Password if const { Screen::Password.has() } => view! { <PasswordPage /> }.into_any(),
        Screen::Forbidden if const { Screen::Forbidden.has() } => view! { <ForbiddenPage /> }.into_any(),
        Screen::Users if const { Screen::Users.has() } => view! { <UsersPage /> }.into_any(),
        Screen::Audit if const { Screen::Audit.has() } => view! { <AuditPage /> }.into_any(),
        Screen::Categories if const { Screen::Categories.has() } => view! { <CategoriesPage /> }.into_any(),
        Screen::Open311Keys if const { Screen::Open311Keys.has() } => view! { <Open311Page /> }.into_any(),
        Screen::Board if const { Screen::Board.has() } => view! { <BoardPage /> }.into_any(),
        Screen::Incident if const { Screen::Incident.has() } => view! { <IncidentPage /> }.into_any(),
        // The agency's console has no operator's incident page: its people see an incident as their task.
        Screen::Incident if const { Screen::AgencyTask.has() } && agency_bound() => {
            view! { <IncidentAsTask /> }.into_any()
        }
        Screen::AgencyTasks if const { Screen::AgencyTasks.has() } => view! { <AgencyTasksPage /> }.into_any(),
        Screen::AgencyTask if const { Screen::AgencyTask.has() } => view! { <AgencyTaskPage /> }.into_any(),
        Screen::Notifications if const { Screen::Notifications.has() } => {
            view! { <NotificationSettingsPage /> }.into_any()
        }
        Screen::Dashboard if const { Screen::Dashboard.has() } => view! { <DashboardPage /> }.into_any(),
        Screen::Shift if const { Screen::Shift.has() } => view! { <ShiftPage /> }.into_any(),
        Screen::Roster if const { Screen::Roster.has() } => view! { <RosterPage /> }.into_any(),
        Screen::Planner if const { Screen::Planner.has() } => view! { <PlannerPage /> }.into_any(),
        Screen::OperatorFigures if const { Screen::OperatorFigures.has() } => {
            view! { <OperatorFiguresPage /> }.into_any()
        }
        // A page of another console's wasm (the site has one per console, see `console`). Listed by
        // name, not `_`: a screen without an arm above must not compile.
        Screen::Login
        | Screen::Password
        | Screen::Forbidden
        | Screen::Users
        | Screen::Audit
        | Screen::Categories
        | Screen::Open311Keys
        | Screen::Board
        | Screen::Incident
        | Screen::AgencyTasks
        | Screen::AgencyTask
        | Screen::Notifications
        | Screen::Dashboard
        | Screen::Shift
        | Screen::Roster
        | Screen::Planner
        | Screen::OperatorFigures => elsewhere(screen),
    }
}

/// The page of a screen this wasm does not have.
fn elsewhere(screen: Screen) -> AnyView {
    if console::open_elsewhere(screen.consoles()) {
        view! { <p class="loading">{texts().loading}</p> }.into_any()
    } else {
        view! { <NotFound /> }.into_any()
    }
}

/// Whether the signed-in user works for an agency.
fn agency_bound() -> bool {
    untrack(session::user).is_some_and(|user| user.role.is_agency_bound())
}
