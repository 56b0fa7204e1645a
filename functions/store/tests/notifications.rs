//! Notifications, settings, push subscriptions and the outbox, on both backends: every case runs once on
//! the embedded store and once on DynamoDB (moto's server at `TANGGAP_TEST_DYNAMODB_ENDPOINT`).

use tanggap_domain::dto::{PushKeys, PushSubscriptionJson};
use tanggap_domain::notification::{Notification, NotificationKind, NotificationSettings, Subject, Urgency};
use tanggap_domain::{AgencyCode, CategoryCode, IncidentId, Priority, Timestamp, Username};
use tanggap_store::Key;
use tanggap_store::on_both_backends;
use tanggap_store::repo::{Channel, Delivery, NOTIFICATION_DAYS, NotificationRepo, RECENT_NOTIFICATIONS};
use tanggap_store::testing::TestTable;

on_both_backends!(
    an_event_notifies_once_and_queues_its_deliveries_once,
    the_list_is_newest_first_and_the_unread_count_covers_the_recent_ones,
    notifications_are_marked_read_by_id_or_all_at_once_and_only_the_users_own,
    a_notification_is_kept_ninety_days,
    settings_are_the_defaults_until_saved_and_listed_for_everyone,
    a_user_subscribes_several_browsers_and_removes_one_by_its_endpoint,
    the_outbox_gives_what_is_due_oldest_first_across_users,
    a_delivery_is_claimed_by_one_run_only_and_rescheduled_or_removed,
);

fn at(minute: i64) -> Timestamp {
    Timestamp::from_unix_millis(1_795_000_000_000).unwrap().plus_seconds(minute * 60)
}

fn user(name: &str) -> Username {
    Username::parse(name).unwrap()
}

/// The notification of event `seq` of incident `n` for `username`, at minute `seq`.
fn notification(n: u8, seq: u64, username: &str) -> Notification {
    let incident = IncidentId::parse(&format!("01JDGZ6Q8X4T3N2M1K0H9G8F{n:02}")).unwrap();
    Notification {
        id: format!("{incident}.{seq}.{username}"),
        username: user(username),
        subject: Subject::Incident { incident, category: CategoryCode::parse("FIRE").unwrap(), priority: Priority::P1 },
        kind: NotificationKind::Dispatched { agency: AgencyCode::parse("DAMKAR").unwrap() },
        urgency: Urgency::Urgent,
        at: at(seq as i64),
        read: false,
    }
}

fn subscription(endpoint: &str, auth: &str) -> PushSubscriptionJson {
    PushSubscriptionJson {
        endpoint: endpoint.into(),
        keys: PushKeys {
            p256dh: "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM".into(),
            auth: auth.into(),
        },
    }
}

async fn an_event_notifies_once_and_queues_its_deliveries_once(table: TestTable) {
    let repo = NotificationRepo::new(table.table.clone());
    let first = notification(1, 2, "damkar");
    let deliveries =
        [Delivery::push(&first, "https://push.example/a", at(2)), Delivery::webhook(&first, "+62812", at(2))];

    assert!(repo.add(&first, &deliveries).await.unwrap(), "a new notification is stored");
    assert!(!repo.add(&first, &deliveries).await.unwrap(), "the same event again is refused");

    let (list, unread) = repo.recent(&user("damkar"), 20).await.unwrap();
    assert_eq!(list, vec![first.clone()]);
    assert_eq!(unread, 1);
    let due = repo.due(at(2), 100).await.unwrap();
    assert_eq!(due.len(), 2, "each delivery queued once: {due:?}");
    assert!(due.iter().all(|d| d.attempts == 0 && d.version == 1 && d.notification() == Some(&first)));
    let channels: Vec<&Channel> = due.iter().filter_map(|d| d.channel()).collect();
    assert!(channels.contains(&&Channel::Push { endpoint: "https://push.example/a".into() }));
    assert!(channels.contains(&&Channel::Webhook { contact: "+62812".into() }));
}

async fn the_list_is_newest_first_and_the_unread_count_covers_the_recent_ones(table: TestTable) {
    let repo = NotificationRepo::new(table.table.clone());
    for seq in 1..=(RECENT_NOTIFICATIONS as u64 + 5) {
        repo.add(&notification(1, seq, "damkar"), &[]).await.unwrap();
    }
    repo.add(&notification(1, 3, "kadis-damkar"), &[]).await.unwrap();

    let (list, unread) = repo.recent(&user("damkar"), 3).await.unwrap();
    let seqs: Vec<String> = list.iter().map(|n| n.id.split('.').nth(1).unwrap().to_owned()).collect();
    assert_eq!(seqs, ["105", "104", "103"], "newest first");
    assert_eq!(unread as usize, RECENT_NOTIFICATIONS, "only the recent ones count");
    let (list, unread) = repo.recent(&user("kadis-damkar"), 20).await.unwrap();
    assert_eq!((list.len(), unread), (1, 1), "another user's list is their own");
    let (list, unread) = repo.recent(&user("nobody"), 20).await.unwrap();
    assert_eq!((list.len(), unread), (0, 0));
}

async fn notifications_are_marked_read_by_id_or_all_at_once_and_only_the_users_own(table: TestTable) {
    let repo = NotificationRepo::new(table.table.clone());
    for seq in 1..=4 {
        repo.add(&notification(1, seq, "damkar"), &[]).await.unwrap();
    }
    let others = notification(1, 2, "bpbd");
    repo.add(&others, &[]).await.unwrap();

    let ids = vec![notification(1, 2, "damkar").id, others.id.clone(), "no-such-id".into()];
    assert_eq!(repo.mark_read(&user("damkar"), Some(&ids)).await.unwrap(), 1);
    let (list, unread) = repo.recent(&user("damkar"), 20).await.unwrap();
    assert_eq!(unread, 3);
    assert_eq!(list.iter().filter(|n| n.read).map(|n| n.id.as_str()).collect::<Vec<_>>(), [ids[0].as_str()]);
    assert_eq!(repo.recent(&user("bpbd"), 20).await.unwrap().1, 1, "not another user's");

    assert_eq!(repo.mark_read(&user("damkar"), None).await.unwrap(), 3);
    let (list, unread) = repo.recent(&user("damkar"), 20).await.unwrap();
    assert_eq!(unread, 0);
    assert!(list.iter().all(|n| n.read));
    assert_eq!(repo.mark_read(&user("damkar"), None).await.unwrap(), 0, "nothing left to mark");
    assert!(!repo.add(&notification(1, 1, "damkar"), &[]).await.unwrap(), "a read one is not notified again");
}

async fn a_notification_is_kept_ninety_days(table: TestTable) {
    let repo = NotificationRepo::new(table.table.clone());
    let first = notification(1, 2, "damkar");
    repo.add(&first, &[]).await.unwrap();
    let key = Key::new("NOTIFY#damkar", format!("{}#{}", first.at.sortable(), first.id));
    let item = table.get(&key).await.unwrap().expect("the item under its documented key");
    let expected = first.at.unix_millis() / 1000 + NOTIFICATION_DAYS * 24 * 3600;
    assert_eq!(item.get("expires_at").and_then(|v| v.as_i64()), Some(expected));
    repo.mark_read(&user("damkar"), None).await.unwrap();
    let item = table.get(&key).await.unwrap().unwrap();
    assert_eq!(item.get("expires_at").and_then(|v| v.as_i64()), Some(expected), "reading it does not extend it");
}

async fn settings_are_the_defaults_until_saved_and_listed_for_everyone(table: TestTable) {
    let repo = NotificationRepo::new(table.table.clone());
    assert_eq!(repo.settings(&user("damkar")).await.unwrap(), NotificationSettings::default());
    assert!(repo.all_settings().await.unwrap().is_empty());

    let on_duty = NotificationSettings {
        on_duty: true,
        push: true,
        webhook: true,
        contact: Some("+6281234".into()),
        morning_brief: false,
    };
    repo.put_settings(&user("damkar"), &on_duty).await.unwrap();
    let off = NotificationSettings { push: true, ..NotificationSettings::default() };
    repo.put_settings(&user("bpbd"), &off).await.unwrap();
    assert_eq!(repo.settings(&user("damkar")).await.unwrap(), on_duty);

    let changed = NotificationSettings { on_duty: false, ..on_duty.clone() };
    repo.put_settings(&user("damkar"), &changed).await.unwrap();
    let all = repo.all_settings().await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[&user("damkar")], changed, "the last save wins");
    assert_eq!(all[&user("bpbd")], off);
}

async fn a_user_subscribes_several_browsers_and_removes_one_by_its_endpoint(table: TestTable) {
    let repo = NotificationRepo::new(table.table.clone());
    let phone = "https://fcm.googleapis.com/fcm/send/dGhpcyBpcyBhIHZlcnkgbG9uZyBlbmRwb2ludA:APA91bH";
    let laptop = "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABm";
    repo.put_subscription(&user("damkar"), &subscription(phone, "old-auth"), at(1)).await.unwrap();
    repo.put_subscription(&user("damkar"), &subscription(laptop, "auth-2"), at(2)).await.unwrap();
    repo.put_subscription(&user("damkar"), &subscription(phone, "new-auth"), at(3)).await.unwrap();
    repo.put_subscription(&user("bpbd"), &subscription(phone, "bpbd"), at(4)).await.unwrap();

    let subscribed = repo.subscriptions(&user("damkar")).await.unwrap();
    let endpoints: Vec<(&str, &str)> =
        subscribed.iter().map(|s| (s.subscription.endpoint.as_str(), s.subscription.keys.auth.as_str())).collect();
    assert_eq!(endpoints, [(laptop, "auth-2"), (phone, "new-auth")], "one per endpoint, oldest first");
    assert_eq!(repo.subscription(&user("damkar"), phone).await.unwrap().unwrap().keys.auth, "new-auth");

    assert!(repo.remove_subscription(&user("damkar"), phone).await.unwrap());
    assert!(!repo.remove_subscription(&user("damkar"), phone).await.unwrap(), "gone already");
    assert_eq!(repo.subscription(&user("damkar"), phone).await.unwrap(), None);
    assert_eq!(repo.subscriptions(&user("damkar")).await.unwrap().len(), 1);
    assert_eq!(repo.subscriptions(&user("bpbd")).await.unwrap().len(), 1, "another user's stays");
    // The settings item shares the user's partition and is no subscription.
    repo.put_settings(&user("bpbd"), &NotificationSettings::default()).await.unwrap();
    assert_eq!(repo.subscriptions(&user("bpbd")).await.unwrap().len(), 1);
}

async fn the_outbox_gives_what_is_due_oldest_first_across_users(table: TestTable) {
    let repo = NotificationRepo::new(table.table.clone());
    let late = notification(1, 5, "damkar");
    let early = notification(2, 3, "bpbd");
    let later = notification(3, 9, "psc119");
    repo.add(&late, &[Delivery::webhook(&late, "+62", at(5))]).await.unwrap();
    repo.add(&early, &[Delivery::push(&early, "https://push.example/b", at(3))]).await.unwrap();
    repo.add(&later, &[Delivery::webhook(&later, "+63", at(9))]).await.unwrap();

    assert!(repo.due(at(2), 100).await.unwrap().is_empty(), "nothing due yet");
    let due: Vec<String> =
        repo.due(at(5), 100).await.unwrap().iter().filter_map(|d| d.notification()).map(|n| n.id.clone()).collect();
    assert_eq!(due, [early.id.clone(), late.id.clone()], "due at or before now, oldest first");
    assert_eq!(repo.due(at(60), 1).await.unwrap()[0].notification(), Some(&early), "the limit keeps the oldest");
}

async fn a_delivery_is_claimed_by_one_run_only_and_rescheduled_or_removed(table: TestTable) {
    let repo = NotificationRepo::new(table.table.clone());
    let first = notification(1, 2, "damkar");
    repo.add(&first, &[Delivery::webhook(&first, "+62", at(2))]).await.unwrap();
    let read = repo.due(at(2), 10).await.unwrap().remove(0);

    let claimed = repo.claim(&read, at(3)).await.unwrap().expect("the first run takes it");
    assert_eq!((claimed.attempts, claimed.due, claimed.version), (1, at(3), 2));
    assert_eq!(repo.claim(&read, at(3)).await.unwrap(), None, "a second run with the same read does not");
    assert!(repo.due(at(2), 10).await.unwrap().is_empty(), "claimed: not due until the claim says");

    assert!(repo.failed(&claimed, "HTTP 500").await.unwrap());
    let again = repo.due(at(3), 10).await.unwrap().remove(0);
    assert_eq!((again.attempts, again.last_error.as_deref(), again.version), (1, Some("HTTP 500"), 3));
    assert_eq!(repo.delivery(&again.id).await.unwrap(), Some(again.clone()));
    assert!(!repo.failed(&claimed, "stale").await.unwrap(), "a stale version writes nothing");

    repo.remove_delivery(&again.id).await.unwrap();
    assert_eq!(repo.delivery(&again.id).await.unwrap(), None);
    assert!(repo.due(at(600), 10).await.unwrap().is_empty());
}
