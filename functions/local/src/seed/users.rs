//! Demo accounts, one or more per role, so that every screen can be tried. Seeded only in demo mode;
//! a user that exists already is left as it is (its password too), so seeding twice changes nothing.

use anyhow::Context;
use tanggap_api::auth::Passwords;
use tanggap_domain::{AgencyCode, Role, User, Username};
use tanggap_store::repo::{RepoError, StoredUser, UserRepo};

/// The demo password, unless `TANGGAP_DEMO_PASSWORD` says otherwise.
pub const DEFAULT_PASSWORD: &str = "tanggap112";

/// A demo account: username, display name, role, agency.
pub struct DemoUser {
    pub username: &'static str,
    pub display_name: &'static str,
    pub role: Role,
    pub agency: Option<&'static str>,
}

const fn demo(
    username: &'static str,
    display_name: &'static str,
    role: Role,
    agency: Option<&'static str>,
) -> DemoUser {
    DemoUser { username, display_name, role, agency }
}

pub const DEMO_USERS: &[DemoUser] = &[
    demo("admin", "Admin Tanggap", Role::Admin, None),
    demo("supervisor", "Supervisor Shift", Role::Supervisor, None),
    demo("operator1", "Operator Satu", Role::Operator, None),
    demo("operator2", "Operator Dua", Role::Operator, None),
    demo("damkar", "Petugas Damkar", Role::AgencyOfficer, Some("DAMKAR")),
    demo("kadis-damkar", "Kepala Dinas Damkar", Role::AgencyHead, Some("DAMKAR")),
    demo("bpbd", "Petugas BPBD", Role::AgencyOfficer, Some("BPBD")),
    demo("psc119", "Petugas PSC 119", Role::AgencyOfficer, Some("PSC119")),
    demo("pdam", "Petugas PDAM", Role::AgencyOfficer, Some("PDAM")),
    demo("bupati", "Bupati", Role::Executive, None),
];

/// The operator the demo incidents are taken by.
pub const DEMO_OPERATOR: &str = "operator1";

impl DemoUser {
    pub fn user(&self) -> anyhow::Result<User> {
        let agency =
            self.agency.map(AgencyCode::parse).transpose().with_context(|| format!("{}'s agency", self.username))?;
        User::check_role_and_agency(self.role, agency.as_ref())
            .with_context(|| format!("demo user {}", self.username))?;
        Ok(User {
            username: Username::parse(self.username).with_context(|| format!("demo username {:?}", self.username))?,
            display_name: self.display_name.into(),
            role: self.role,
            agency,
            disabled: false,
            // Demo users are for trying the product, not for keeping secrets.
            must_change_password: false,
        })
    }

    /// The demo officer who acts for `agency`, if it has one.
    pub fn officer_of(agency: &str) -> Option<&'static DemoUser> {
        DEMO_USERS.iter().find(|u| u.role == Role::AgencyOfficer && u.agency == Some(agency))
    }
}

/// What seeding did: users made now, and users found from an earlier run.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SeededUsers {
    pub created: usize,
    pub already_there: usize,
}

/// Seeds the demo users with `password`.
pub async fn users(repo: &UserRepo, passwords: &Passwords, password: &str) -> anyhow::Result<SeededUsers> {
    let mut seeded = SeededUsers::default();
    for demo in DEMO_USERS {
        let user = demo.user()?;
        // Hashing is slow on purpose: only for users that are missing.
        if repo.get(&user.username).await.with_context(|| format!("reading user {}", user.username))?.is_some() {
            seeded.already_there += 1;
            continue;
        }
        let hash = passwords.hash(password).await?;
        match repo.create(&StoredUser::new(user.clone(), hash)).await {
            Ok(()) => seeded.created += 1,
            Err(RepoError::Exists) => seeded.already_there += 1,
            Err(err) => return Err(anyhow::Error::new(err).context(format!("creating demo user {}", user.username))),
        }
    }
    Ok(seeded)
}

/// Creates the admin `username` with `password` (to be changed at first login) unless a user of that name
/// exists, which is left as it is. Returns whether it was created.
pub async fn bootstrap_admin(
    repo: &UserRepo,
    passwords: &Passwords,
    username: &str,
    password: &str,
) -> anyhow::Result<bool> {
    let username = Username::parse(username).with_context(|| format!("--create-admin {username:?}: not a username"))?;
    if let Err(problem) = tanggap_api::auth::password::check_policy(password, &[username.as_str()]) {
        anyhow::bail!("the admin's first password is refused: {}", problem.message(tanggap_domain::Lang::En));
    }
    if repo.get(&username).await.with_context(|| format!("reading user {username}"))?.is_some() {
        return Ok(false);
    }
    let user = User {
        display_name: "Admin".into(),
        username,
        role: Role::Admin,
        agency: None,
        disabled: false,
        must_change_password: true,
    };
    match repo.create(&StoredUser::new(user, passwords.hash(password).await?)).await {
        Ok(()) => Ok(true),
        Err(RepoError::Exists) => Ok(false),
        Err(err) => Err(anyhow::Error::new(err).context("creating the admin")),
    }
}

/// The demo logins as a short table, for the terminal.
pub fn table(password: &str) -> String {
    let mut lines = vec![format!("  Demo logins, all with password {password}:")];
    lines.push(format!("    {:<14} {:<16} {}", "username", "role", "agency"));
    for demo in DEMO_USERS {
        lines.push(format!("    {:<14} {:<16} {}", demo.username, demo.role.as_str(), demo.agency.unwrap_or("-")));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use tanggap_api::auth::password::Cost;

    #[tokio::test]
    async fn a_first_admin_is_created_once_and_must_change_the_password() {
        let store = tanggap_store::testing::embedded().await;
        let repo = UserRepo::new(store.table.clone());
        let passwords = Passwords::new(Cost::TESTING).unwrap();

        assert!(bootstrap_admin(&repo, &passwords, "admin", "ganti segera di kantor").await.unwrap());
        assert!(!bootstrap_admin(&repo, &passwords, "admin", "another first password").await.unwrap());
        assert!(bootstrap_admin(&repo, &passwords, "root", "password123").await.is_err(), "a weak password");

        let admin = repo.get(&Username::parse("admin").unwrap()).await.unwrap().unwrap();
        assert_eq!((admin.user.role, admin.user.must_change_password), (Role::Admin, true));
        assert!(passwords.verify("ganti segera di kantor", &admin.password_hash).await.unwrap());
    }
}
