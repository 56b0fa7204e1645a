use std::time::Duration;

use tanggap_channels::{DELIVERY_ATTEMPTS, backoff};

#[test]
fn retries_wait_longer_each_time_up_to_an_hour_then_stop() {
    let waits: Vec<Duration> = (1..).map_while(backoff).collect();

    let minutes: Vec<u64> = waits.iter().map(|wait| wait.as_secs() / 60).collect();
    assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 60, 60]);
    assert_eq!(backoff(9), None);
    assert_eq!(backoff(u32::MAX), None);
    assert_eq!(backoff(0), backoff(1), "a caller counting from 0 still waits");
    assert_eq!(DELIVERY_ATTEMPTS as usize, waits.len() + 1, "the first attempt and one per wait");
}
