//! Which screens each role may use, where each role starts, and what a route guard does about a
//! visitor. Deny by default, like the API: a screen lists the roles that may open it. The API
//! enforces the same rules; the app only avoids offering what would be refused.

use tanggap_domain::{Role, User};

use crate::session::{Auth, SignedOutWhy};

/// A page of the app, by what it is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Login,
    Password,
    Forbidden,
    /// `/`: the board of open incidents, with the intake form for those who take calls.
    Board,
    /// `/tugas`: the active assignments of the user's agency (the API does the scoping).
    AgencyTasks,
    /// `/tugas/{id}`: one incident as the user's agency works on it, step by step.
    AgencyTask,
    Users,
    Audit,
    /// `/kejadian/{id}`: one incident, its history and what can be done about it.
    Incident,
    /// `/admin/kategori`: the categories of call.
    Categories,
    /// `/notifikasi`: how the user is notified (every console).
    Notifications,
}

impl Screen {
    pub const fn path(self) -> &'static str {
        match self {
            Screen::Login => "/masuk",
            Screen::Password => "/kata-sandi",
            Screen::Forbidden => "/terlarang",
            Screen::Board => "/",
            Screen::AgencyTasks => "/tugas",
            // The incident's id follows: see [`task_path`].
            Screen::AgencyTask => "/tugas",
            Screen::Users => "/admin/pengguna",
            Screen::Audit => "/admin/audit",
            // The incident's id follows: see [`incident_path`].
            Screen::Incident => "/kejadian",
            Screen::Categories => "/admin/kategori",
            Screen::Notifications => "/notifikasi",
        }
    }

    /// The screen a path (without query) shows, if it is one of ours.
    pub fn from_path(path: &str) -> Option<Screen> {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let path = if path.len() > 1 { path.trim_end_matches('/') } else { path };
        if incident_id(path).is_some() {
            return Some(Screen::Incident);
        }
        if task_id(path).is_some() {
            return Some(Screen::AgencyTask);
        }
        [
            Screen::Login,
            Screen::Password,
            Screen::Forbidden,
            Screen::Board,
            Screen::AgencyTasks,
            Screen::Users,
            Screen::Audit,
            Screen::Categories,
            Screen::Notifications,
        ]
        .into_iter()
        .find(|s| s.path() == path)
    }

    /// Whether a signed-in user with this role may use the screen.
    pub fn allows(self, role: Role) -> bool {
        use Role::*;
        match self {
            Screen::Login | Screen::Password | Screen::Forbidden | Screen::Notifications => true,
            Screen::Board => matches!(role, Operator | Supervisor | Executive | Admin),
            Screen::AgencyTasks | Screen::AgencyTask => role.is_agency_bound(),
            Screen::Users | Screen::Audit | Screen::Categories => role == Admin,
            // Everyone who reads incidents; the API hides those of other agencies from an agency's people.
            Screen::Incident => true,
        }
    }
}

/// Where a role lands after logging in (and where the app's name in the header leads).
pub fn home(role: Role) -> Screen {
    match role {
        Role::Operator | Role::Supervisor | Role::Executive => Screen::Board,
        Role::AgencyOfficer | Role::AgencyHead => Screen::AgencyTasks,
        Role::Admin => Screen::Users,
    }
}

/// The header's links, in order: only what the role may use.
pub fn navigation(role: Role) -> &'static [Screen] {
    match role {
        Role::Operator | Role::Supervisor | Role::Executive => &[Screen::Board],
        Role::AgencyOfficer | Role::AgencyHead => &[Screen::AgencyTasks],
        Role::Admin => &[Screen::Users, Screen::Audit, Screen::Categories, Screen::Board],
    }
}

/// The address of one incident's page.
pub fn incident_path(id: &tanggap_domain::IncidentId) -> String {
    format!("{}/{id}", Screen::Incident.path())
}

/// The incident id in an incident page's path (`/kejadian/01J…`), if it is one.
pub fn incident_id(path: &str) -> Option<tanggap_domain::IncidentId> {
    let id = path.strip_prefix(Screen::Incident.path())?.strip_prefix('/')?;
    tanggap_domain::IncidentId::parse(id.trim_end_matches('/')).ok()
}

/// The address of one incident as an agency's task.
pub fn task_path(id: &tanggap_domain::IncidentId) -> String {
    format!("{}/{id}", Screen::AgencyTask.path())
}

/// The incident id in a task page's path (`/tugas/01J…`), if it is one.
pub fn task_id(path: &str) -> Option<tanggap_domain::IncidentId> {
    let id = path.strip_prefix(Screen::AgencyTask.path())?.strip_prefix('/')?;
    tanggap_domain::IncidentId::parse(id.trim_end_matches('/')).ok()
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
            for screen in navigation(role) {
                assert_eq!(decide(&signed_in(role), *screen), Decision::Show, "{role:?} {screen:?}");
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
}
