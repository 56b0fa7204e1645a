//! The screens of the app, each declared once, and what a route guard does about a visitor.
//!
//! A screen is one row of [`SCREENS`]: its address, the roles that may open it, the consoles whose wasm
//! has its page, and its link in the header. Everything else derives from the row: [`Screen::path`],
//! [`Screen::from_path`], [`Screen::allows`], [`navigation`], [`Screen::has`] (which `routes::page` asks
//! at compile time, so that other consoles' pages stay out of a wasm), and the guard's [`decide`].
//! Deny by default, like the API: a screen lists the roles that may open it. The API enforces the same
//! rules; the app only avoids offering what would be refused.

use tanggap_domain::{IncidentId, Role, User};

use crate::console::{self, Console};
use crate::i18n::Texts;
use crate::session::{Auth, SignedOutWhy};

/// A page of the app, by what it is for. The order is that of [`SCREENS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Login,
    Password,
    Forbidden,
    Users,
    Audit,
    /// `/admin/kategori`: the categories of call.
    Categories,
    /// `/admin/open311`: the keys civic reporting apps post Open311 requests with.
    Open311Keys,
    /// `/`: the board of open incidents, with the intake form for those who take calls.
    Board,
    /// `/kejadian/{id}`: one incident, its history and what can be done about it.
    Incident,
    /// `/tugas`: the active assignments of the user's agency (the API does the scoping).
    AgencyTasks,
    /// `/tugas/{id}`: one incident as the user's agency works on it, step by step.
    AgencyTask,
    /// `/notifikasi`: how the user is notified (every console).
    Notifications,
    /// `/dasbor`: the regent's dashboard: figures, the agency scorecard, charts.
    Dashboard,
    /// `/dinas`: the shift under way, signing on and off, who is on duty.
    Shift,
    /// `/dinas/jadwal`: the month's roster (supervisors edit it) and the shift pattern.
    Roster,
    /// `/dinas/perencana`: the staffing planner (Erlang C over the calls measured).
    Planner,
    /// `/dinas/operator`: what each operator and each shift handled, and how long it took.
    OperatorFigures,
}

/// Everything about a screen but its page.
pub struct ScreenRow {
    pub screen: Screen,
    /// Its address; for a screen of one incident, what the incident's id follows (`/kejadian/{id}`).
    pub path: &'static str,
    /// Whether the address ends in an incident's id.
    pub of_incident: bool,
    /// Who may open it once signed in.
    pub roles: &'static [Role],
    /// The consoles whose wasm has its page; one outside them is opened with the first. Never empty.
    pub consoles: &'static [Console],
    /// Its link in the header, for the roles that may open it: the link's words. The links follow the
    /// order of the rows.
    pub link: Option<fn(&Texts) -> &'static str>,
}

const EVERYONE: &[Role] = &Role::ALL;
const AGENCY: &[Role] = &[Role::AgencyOfficer, Role::AgencyHead];
const ADMIN: &[Role] = &[Role::Admin];
const EVERY_CONSOLE: &[Console] = &[Console::Operator, Console::Agency, Console::Admin];
/// Who reads the shifts: those who work them, and those who oversee the center.
const SHIFT_READERS: &[Role] = &[Role::Operator, Role::Supervisor, Role::Executive, Role::Admin];
/// The shift screens are in the admin console's wasm: the operator's has no room left, and a desk opens
/// them seldom (at a shift's start and end), reloading into the admin console's wasm for them.
const SHIFT_CONSOLES: &[Console] = &[Console::Admin];

/// The screens, one row each, in the order of [`Screen`] (checked when compiling).
///
/// To add a screen: a variant of [`Screen`], its row here (in the same place), its page module under
/// `routes/` and its arm in `routes::page`. The compiler asks for the arm; the row's roles and consoles
/// decide who sees it and which wasm carries it.
pub const SCREENS: &[ScreenRow] = &[
    ScreenRow {
        screen: Screen::Login,
        path: "/masuk",
        of_incident: false,
        roles: EVERYONE,
        consoles: EVERY_CONSOLE,
        link: None,
    },
    ScreenRow {
        screen: Screen::Password,
        path: "/kata-sandi",
        of_incident: false,
        roles: EVERYONE,
        consoles: EVERY_CONSOLE,
        link: None,
    },
    ScreenRow {
        screen: Screen::Forbidden,
        path: "/terlarang",
        of_incident: false,
        roles: EVERYONE,
        consoles: EVERY_CONSOLE,
        link: None,
    },
    ScreenRow {
        screen: Screen::Users,
        path: "/admin/pengguna",
        of_incident: false,
        roles: ADMIN,
        consoles: &[Console::Admin],
        link: Some(|t| t.users_title),
    },
    ScreenRow {
        screen: Screen::Audit,
        path: "/admin/audit",
        of_incident: false,
        roles: ADMIN,
        consoles: &[Console::Admin],
        link: Some(|t| t.audit_title),
    },
    ScreenRow {
        screen: Screen::Categories,
        path: "/admin/kategori",
        of_incident: false,
        roles: ADMIN,
        consoles: &[Console::Admin],
        link: Some(|t| t.categories_title),
    },
    ScreenRow {
        screen: Screen::Open311Keys,
        path: "/admin/open311",
        of_incident: false,
        roles: ADMIN,
        consoles: &[Console::Admin],
        link: Some(|t| t.open311_title),
    },
    ScreenRow {
        screen: Screen::Board,
        path: "/",
        of_incident: false,
        // An agency's people are sent on to their tasks instead (see `decide_for`).
        roles: &[Role::Operator, Role::Supervisor, Role::Executive, Role::Admin],
        consoles: &[Console::Operator],
        link: Some(|t| t.board_title),
    },
    ScreenRow {
        screen: Screen::Incident,
        path: "/kejadian",
        of_incident: true,
        // Everyone who reads incidents; the API hides those of other agencies from an agency's people.
        roles: EVERYONE,
        // The agency's console shows an incident as the agency's task (`/tugas/{id}`) instead: the
        // operator's page, with its forms and history, would not fit a phone's wasm budget.
        consoles: &[Console::Operator],
        link: None,
    },
    ScreenRow {
        screen: Screen::AgencyTasks,
        path: "/tugas",
        of_incident: false,
        roles: AGENCY,
        consoles: &[Console::Agency],
        link: Some(|t| t.agency_tasks_title),
    },
    ScreenRow {
        screen: Screen::AgencyTask,
        path: "/tugas",
        of_incident: true,
        roles: AGENCY,
        consoles: &[Console::Agency],
        link: None,
    },
    ScreenRow {
        screen: Screen::Notifications,
        path: "/notifikasi",
        of_incident: false,
        roles: EVERYONE,
        // Every console's bell leads here; the operator's wasm has no room for it (desk screens open it
        // rarely, and reload into the admin console's wasm for it), agency officers' phones keep it.
        consoles: &[Console::Admin, Console::Agency],
        link: None,
    },
    ScreenRow {
        screen: Screen::Dashboard,
        path: "/dasbor",
        of_incident: false,
        // Agency heads see the regency-wide scorecard beside their own agency's figures.
        roles: &[Role::Supervisor, Role::AgencyHead, Role::Executive],
        consoles: &[Console::Dashboard],
        link: Some(|t| t.dashboard_title),
    },
    ScreenRow {
        screen: Screen::Shift,
        path: "/dinas",
        of_incident: false,
        roles: SHIFT_READERS,
        consoles: SHIFT_CONSOLES,
        // The roster, the planner and the operators' figures are reached from its page (`ShiftTabs`).
        link: Some(|t| t.shift_title),
    },
    ScreenRow {
        screen: Screen::Roster,
        path: "/dinas/jadwal",
        of_incident: false,
        roles: SHIFT_READERS,
        consoles: SHIFT_CONSOLES,
        link: None,
    },
    ScreenRow {
        screen: Screen::Planner,
        path: "/dinas/perencana",
        of_incident: false,
        // The API's demand is theirs: those who staff the center and those who fund it.
        roles: &[Role::Supervisor, Role::Executive],
        consoles: SHIFT_CONSOLES,
        link: None,
    },
    ScreenRow {
        screen: Screen::OperatorFigures,
        path: "/dinas/operator",
        of_incident: false,
        // The API's figures are theirs, as the planner's: those who lead the shifts and those who oversee them.
        roles: &[Role::Supervisor, Role::Executive],
        consoles: SHIFT_CONSOLES,
        link: None,
    },
];

// Each screen's row is where `Screen::row` looks for it, and every row has a console.
const _: () = {
    let mut i = 0;
    while i < SCREENS.len() {
        assert!(SCREENS[i].screen as usize == i, "SCREENS is not in the order of Screen");
        assert!(!SCREENS[i].consoles.is_empty(), "a screen is in no console");
        i += 1;
    }
};

impl Screen {
    pub const fn row(self) -> &'static ScreenRow {
        &SCREENS[self as usize]
    }

    pub const fn path(self) -> &'static str {
        self.row().path
    }

    /// The screen a path (without query) shows, if it is one of ours.
    pub fn from_path(path: &str) -> Option<Screen> {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let path = if path.len() > 1 { path.trim_end_matches('/') } else { path };
        SCREENS
            .iter()
            .find(|row| if row.of_incident { id_after(row.path, path).is_some() } else { row.path == path })
            .map(|row| row.screen)
    }

    /// Whether a signed-in user with this role may use the screen.
    pub fn allows(self, role: Role) -> bool {
        self.row().roles.contains(&role)
    }

    /// The consoles whose wasm has the screen's page.
    pub const fn consoles(self) -> &'static [Console] {
        self.row().consoles
    }

    /// Whether this wasm has the screen's page. `routes::page` asks in `const` blocks, so that the pages
    /// of other consoles are not compiled in at all.
    pub const fn has(self) -> bool {
        console::any_built(self.consoles())
    }
}

/// Where a role lands after logging in (and where the app's name in the header leads).
pub fn home(role: Role) -> Screen {
    match role {
        Role::Operator | Role::Supervisor => Screen::Board,
        Role::Executive => Screen::Dashboard,
        Role::AgencyOfficer | Role::AgencyHead => Screen::AgencyTasks,
        Role::Admin => Screen::Users,
    }
}

/// The header's links, in order, with their words: only what the role may use.
pub fn navigation(role: Role) -> impl Iterator<Item = (Screen, fn(&Texts) -> &'static str)> {
    SCREENS.iter().filter(move |row| row.roles.contains(&role)).filter_map(|row| Some((row.screen, row.link?)))
}

/// The incident id that follows a screen's path (`/kejadian/01J…`), if there is one.
fn id_after(screen_path: &str, path: &str) -> Option<IncidentId> {
    let id = path.strip_prefix(screen_path)?.strip_prefix('/')?;
    IncidentId::parse(id.trim_end_matches('/')).ok()
}

/// The address of one incident's page.
pub fn incident_path(id: &IncidentId) -> String {
    format!("{}/{id}", Screen::Incident.path())
}

/// The incident id in an incident page's path (`/kejadian/01J…`), if it is one.
pub fn incident_id(path: &str) -> Option<IncidentId> {
    id_after(Screen::Incident.path(), path)
}

/// The address of one incident as an agency's task.
pub fn task_path(id: &IncidentId) -> String {
    format!("{}/{id}", Screen::AgencyTask.path())
}

/// The incident id in a task page's path (`/tugas/01J…`), if it is one.
pub fn task_id(path: &str) -> Option<IncidentId> {
    id_after(Screen::AgencyTask.path(), path)
}

/// Call takers see the intake form beside the board; everyone else reads the board only.
pub fn takes_calls(role: Role) -> bool {
    matches!(role, Role::Operator | Role::Supervisor)
}

/// What a route guard does with the visitor of a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The session is still being restored: show a short loading state.
    Wait,
    /// The server could not be asked whether there is a session.
    Unreachable,
    Show,
    /// Signed out: to the login page, remembering where the visitor wanted to go.
    LogIn {
        remember: bool,
    },
    /// Signed in on the login page: on to the page asked for before, or the role's home.
    Proceed,
    Redirect(Screen),
}

pub fn decide(auth: &Auth, screen: Screen) -> Decision {
    match auth {
        Auth::Restoring => Decision::Wait,
        Auth::Unreachable if screen == Screen::Login => Decision::Show,
        Auth::Unreachable => Decision::Unreachable,
        Auth::SignedOut(_) if screen == Screen::Login => Decision::Show,
        Auth::SignedOut(why) => Decision::LogIn { remember: *why != SignedOutWhy::LoggedOut },
        Auth::SignedIn(user) => decide_for(user, screen),
    }
}

fn decide_for(user: &User, screen: Screen) -> Decision {
    match screen {
        Screen::Login => Decision::Proceed,
        Screen::Password => Decision::Show,
        // Nothing else until the password is changed: the API refuses everything else anyway.
        _ if user.must_change_password => Decision::Redirect(Screen::Password),
        // `/` is everyone's start address: an agency's people start at their own tasks.
        Screen::Board if user.role.is_agency_bound() => Decision::Redirect(Screen::AgencyTasks),
        screen if screen.allows(user.role) => Decision::Show,
        _ => Decision::Redirect(Screen::Forbidden),
    }
}

/// Where to go after logging in: the page asked for before, if it is one of ours and the role may
/// use it (never back to the login page itself), else the role's home.
pub fn after_login(user: &User, wanted: Option<&str>) -> String {
    if user.must_change_password {
        return Screen::Password.path().to_owned();
    }
    match wanted {
        Some(path) if Screen::from_path(path).is_some_and(|s| s != Screen::Login && s.allows(user.role)) => {
            path.to_owned()
        }
        _ => home(user.role).path().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tanggap_domain::{AgencyCode, Username};

    fn user(role: Role) -> User {
        User {
            username: Username::parse("someone").unwrap(),
            display_name: "Someone".into(),
            role,
            agency: role.is_agency_bound().then(|| AgencyCode::parse("DAMKAR").unwrap()),
            disabled: false,
            must_change_password: false,
        }
    }

    fn signed_in(role: Role) -> Auth {
        Auth::SignedIn(user(role))
    }

    #[test]
    fn only_admins_open_the_admin_screens() {
        for role in Role::ALL {
            let expected = if role == Role::Admin { Decision::Show } else { Decision::Redirect(Screen::Forbidden) };
            assert_eq!(decide(&signed_in(role), Screen::Users), expected, "{role:?}");
            assert_eq!(decide(&signed_in(role), Screen::Audit), expected, "{role:?}");
        }
    }

    #[test]
    fn agency_people_start_at_their_tasks_and_others_may_not_open_them() {
        assert_eq!(decide(&signed_in(Role::AgencyOfficer), Screen::Board), Decision::Redirect(Screen::AgencyTasks));
        assert_eq!(decide(&signed_in(Role::AgencyHead), Screen::AgencyTasks), Decision::Show);
        assert_eq!(decide(&signed_in(Role::Operator), Screen::AgencyTasks), Decision::Redirect(Screen::Forbidden));
        assert_eq!(decide(&signed_in(Role::Executive), Screen::Board), Decision::Show);
    }

    #[test]
    fn every_role_may_open_its_home_and_every_link_it_is_shown() {
        for role in Role::ALL {
            assert_eq!(decide(&signed_in(role), home(role)), Decision::Show, "{role:?}");
            for (screen, _) in navigation(role) {
                assert_eq!(decide(&signed_in(role), screen), Decision::Show, "{role:?} {screen:?}");
            }
        }
        assert!(takes_calls(Role::Supervisor) && !takes_calls(Role::Executive) && !takes_calls(Role::Admin));
    }

    #[test]
    fn a_password_to_change_comes_before_everything_else() {
        let mut must_change = user(Role::Operator);
        must_change.must_change_password = true;
        let auth = Auth::SignedIn(must_change.clone());
        assert_eq!(decide(&auth, Screen::Board), Decision::Redirect(Screen::Password));
        assert_eq!(decide(&auth, Screen::Forbidden), Decision::Redirect(Screen::Password));
        assert_eq!(decide(&auth, Screen::Password), Decision::Show);
        assert_eq!(after_login(&must_change, Some("/")), "/kata-sandi");
    }

    #[test]
    fn signed_out_visitors_are_sent_to_log_in_and_come_back_unless_they_logged_out() {
        assert_eq!(decide(&Auth::Restoring, Screen::Users), Decision::Wait);
        assert_eq!(decide(&Auth::SignedOut(SignedOutWhy::Expired), Screen::Audit), Decision::LogIn { remember: true });
        assert_eq!(
            decide(&Auth::SignedOut(SignedOutWhy::LoggedOut), Screen::Board),
            Decision::LogIn { remember: false }
        );
        assert_eq!(decide(&Auth::SignedOut(SignedOutWhy::Start), Screen::Login), Decision::Show);
        assert_eq!(decide(&signed_in(Role::Operator), Screen::Login), Decision::Proceed);
    }

    #[test]
    fn after_login_the_page_asked_for_is_opened_only_if_the_role_may_use_it() {
        let admin = user(Role::Admin);
        assert_eq!(after_login(&admin, Some("/admin/audit")), "/admin/audit");
        assert_eq!(after_login(&admin, None), "/admin/pengguna");
        let officer = user(Role::AgencyOfficer);
        assert_eq!(after_login(&officer, Some("/admin/audit")), "/tugas");
        assert_eq!(after_login(&officer, Some("/masuk")), "/tugas");
        assert_eq!(after_login(&officer, Some("https://evil.example/")), "/tugas");
    }

    #[test]
    fn paths_name_their_screens() {
        assert_eq!(Screen::from_path("/admin/pengguna/"), Some(Screen::Users));
        assert_eq!(Screen::from_path("/?x=1"), Some(Screen::Board));
        assert_eq!(Screen::from_path("/nope"), None);
        assert_eq!(Screen::from_path("/admin/kategori"), Some(Screen::Categories));
    }

    #[test]
    fn an_incident_page_is_named_by_its_id_and_open_to_every_reader() {
        let path = "/kejadian/01JDGZ6Q8X4T3N2M1K0H9G8F7E";
        assert_eq!(Screen::from_path(path), Some(Screen::Incident));
        assert_eq!(incident_id(path).map(|id| incident_path(&id)).as_deref(), Some(path));
        assert_eq!(Screen::from_path("/kejadian/bukan-id"), None);
        assert_eq!(Screen::from_path("/kejadian"), None);
        for role in Role::ALL {
            assert_eq!(decide(&signed_in(role), Screen::Incident), Decision::Show, "{role:?}");
        }
        assert_eq!(after_login(&user(Role::AgencyOfficer), Some(path)), path);
    }

    #[test]
    fn a_task_page_is_named_by_its_incident_and_only_for_an_agency_s_people() {
        let path = "/tugas/01JDGZ6Q8X4T3N2M1K0H9G8F7E";
        assert_eq!(Screen::from_path(path), Some(Screen::AgencyTask));
        assert_eq!(task_id(path).map(|id| task_path(&id)).as_deref(), Some(path));
        assert_eq!(Screen::from_path("/tugas/"), Some(Screen::AgencyTasks));
        assert_eq!(Screen::from_path("/tugas/bukan-id"), None);
        assert_eq!(decide(&signed_in(Role::AgencyHead), Screen::AgencyTask), Decision::Show);
        assert_eq!(decide(&signed_in(Role::Operator), Screen::AgencyTask), Decision::Redirect(Screen::Forbidden));
        assert_eq!(after_login(&user(Role::AgencyOfficer), Some(path)), path);
    }

    #[test]
    fn only_admins_edit_the_categories() {
        for role in Role::ALL {
            let shown = decide(&signed_in(role), Screen::Categories) == Decision::Show;
            assert_eq!(shown, role == Role::Admin, "{role:?}");
        }
    }

    #[test]
    fn every_screen_is_in_some_console_and_a_plain_build_has_them_all() {
        for row in SCREENS {
            assert!(!row.screen.consoles().is_empty(), "{:?}", row.screen);
            assert!(row.screen.has(), "{:?}", row.screen);
        }
    }

    #[test]
    fn each_role_finds_its_home_and_links_in_one_console() {
        for role in Role::ALL {
            let home = home(role).consoles();
            for (screen, _) in navigation(role) {
                // The links stay in the home's console, but for the admin's link to the board, the
                // links to and from the dashboard, which has a console of its own, and the link to the
                // shifts, which the operator's console has no room for.
                let crosses = role == Role::Admin
                    || screen == Screen::Dashboard
                    || home == Screen::Dashboard.consoles()
                    || screen == Screen::Shift;
                if !crosses {
                    assert_eq!(screen.consoles(), home, "{role:?} {screen:?}");
                }
            }
        }
    }

    #[test]
    fn the_header_links_each_role_to_its_screens_in_order() {
        let links = |role| navigation(role).map(|(screen, _)| screen).collect::<Vec<_>>();
        assert_eq!(
            links(Role::Admin),
            [Screen::Users, Screen::Audit, Screen::Categories, Screen::Open311Keys, Screen::Board, Screen::Shift]
        );
        assert_eq!(links(Role::Executive), [Screen::Board, Screen::Dashboard, Screen::Shift]);
        assert_eq!(links(Role::AgencyHead), [Screen::AgencyTasks, Screen::Dashboard]);
        assert_eq!(links(Role::Supervisor), [Screen::Board, Screen::Dashboard, Screen::Shift]);
        assert_eq!(links(Role::Operator), [Screen::Board, Screen::Shift]);
    }

    #[test]
    fn the_shifts_are_read_by_those_who_work_them_and_planned_by_those_who_staff_them() {
        for role in Role::ALL {
            let shows = |screen| decide(&signed_in(role), screen) == Decision::Show;
            let works_or_oversees = matches!(role, Role::Operator | Role::Supervisor | Role::Executive | Role::Admin);
            assert_eq!(shows(Screen::Shift), works_or_oversees, "{role:?}");
            assert_eq!(shows(Screen::Roster), works_or_oversees, "{role:?}");
            let leads_or_oversees = matches!(role, Role::Supervisor | Role::Executive);
            assert_eq!(shows(Screen::Planner), leads_or_oversees, "{role:?}");
            assert_eq!(shows(Screen::OperatorFigures), leads_or_oversees, "{role:?}");
        }
        assert_eq!(Screen::from_path("/dinas/jadwal?bulan=2026-12"), Some(Screen::Roster));
        assert_eq!(Screen::from_path("/dinas/perencana/"), Some(Screen::Planner));
        assert_eq!(Screen::from_path("/dinas/operator?from=2026-11-01"), Some(Screen::OperatorFigures));
    }

    #[test]
    fn the_boot_script_s_guess_from_the_address_is_a_console_with_the_page() {
        // The guess in the boot script (xtask/src/frontend.rs), made before any wasm runs.
        let guess = |path: &str| {
            if path.starts_with("/admin/") || path == "/dinas" || path.starts_with("/dinas/") {
                Some(Console::Admin)
            } else if path == "/tugas" || path.starts_with("/tugas/") {
                Some(Console::Agency)
            } else if path == "/dasbor" {
                Some(Console::Dashboard)
            } else {
                None
            }
        };
        for row in SCREENS {
            if let Some(console) = guess(row.path) {
                assert!(row.consoles.contains(&console), "{:?}", row.screen);
            }
        }
    }
}
