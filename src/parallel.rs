//! Work on every core with output in input order: [`ordered_map`] runs a function over a
//! list on several threads and hands the results on one at a time, in the list's order.
//!
//! Why not a thread-pool crate: the one shape needed is "map in parallel, consume in order,
//! stop early, never run far ahead" (a streamed import of 10,000 files must stay flat in
//! memory and print byte-identical output whatever the thread count), which is a few dozen
//! lines over `std::thread::scope`; the consumer stays on the calling thread, so it needs
//! neither `Send` nor `Sync`.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex, PoisonError};

/// How many threads to use: `VMMIGRATE_THREADS` when set to a positive number (tests and
/// benchmarks compare 1 with many), else the cores this process may run on.
pub fn threads() -> usize {
    std::env::var("VMMIGRATE_THREADS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|n| *n > 0)
        .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
        .unwrap_or(1)
}

/// Runs `work` over `items` on up to `threads` threads and calls `each` with the results in
/// the items' order, on the calling thread. Workers run at most `window` items ahead of
/// what `each` has taken, so memory is bounded whatever the list's length. `each` returns
/// `false` to stop; the workers then stop after the item they are on. Returns whether every
/// item was handed on.
///
/// A panic in `work` is not swallowed: it is raised again here once the workers are joined.
pub fn ordered_map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    window: usize,
    work: impl Fn(&T) -> R + Sync,
    mut each: impl FnMut(R) -> bool,
) -> bool {
    let window = window.max(1);
    if threads <= 1 || items.len() <= 1 {
        return items.iter().all(|item| each(work(item)));
    }
    let next = AtomicUsize::new(0);
    // How many results `each` has taken, and whether it asked to stop.
    let progress = Mutex::new((0usize, false));
    let moved = Condvar::new();
    let (sender, receiver) = mpsc::sync_channel::<(usize, R)>(window);
    std::thread::scope(|scope| {
        for _ in 0..threads.min(items.len()) {
            let sender = sender.clone();
            let (next, progress, moved, work) = (&next, &progress, &moved, &work);
            scope.spawn(move || {
                let _stop = StopOnPanic { progress, moved };
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(index) else { break };
                    {
                        let mut state = progress.lock().unwrap_or_else(PoisonError::into_inner);
                        while !state.1 && index >= state.0.saturating_add(window) {
                            state = moved.wait(state).unwrap_or_else(PoisonError::into_inner);
                        }
                        if state.1 {
                            break;
                        }
                    }
                    if sender.send((index, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        // Only the workers hold senders now: the channel closes when they are all done.
        drop(sender);
        let mut pending: BTreeMap<usize, R> = BTreeMap::new();
        let mut handed = 0usize;
        // Consumed by value: returning drops the receiver, which frees any worker blocked
        // on a full channel before the scope joins them.
        for (index, result) in receiver {
            pending.insert(index, result);
            while let Some(result) = pending.remove(&handed) {
                let go_on = each(result);
                handed += 1;
                let mut state = progress.lock().unwrap_or_else(PoisonError::into_inner);
                state.0 = handed;
                state.1 = !go_on;
                moved.notify_all();
                if !go_on {
                    return false;
                }
            }
        }
        // Fewer results than items without a stop: a worker panicked, and the scope raises
        // its panic when it joins them.
        handed == items.len()
    })
}

/// Tells the other workers to stop when its worker unwinds: they would otherwise wait
/// forever for the consumer to take the result that will never come.
struct StopOnPanic<'a> {
    progress: &'a Mutex<(usize, bool)>,
    moved: &'a Condvar,
}

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let mut state = self.progress.lock().unwrap_or_else(PoisonError::into_inner);
            state.1 = true;
            self.moved.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn results_come_in_input_order_whatever_the_thread_count() {
        let items: Vec<u64> = (0..500).collect();
        for threads in [1, 2, 3, 8] {
            let mut seen = Vec::new();
            // Uneven work, so later items often finish first.
            let done = ordered_map(
                &items,
                threads,
                7,
                |n| {
                    if n % 5 == 0 {
                        std::thread::sleep(std::time::Duration::from_micros(200));
                    }
                    n * 2
                },
                |r| {
                    seen.push(r);
                    true
                },
            );
            assert!(done);
            assert_eq!(
                seen,
                items.iter().map(|n| n * 2).collect::<Vec<_>>(),
                "{threads}"
            );
        }
    }

    #[test]
    fn stopping_early_stops_the_workers_within_the_window() {
        let items: Vec<usize> = (0..10_000).collect();
        let started = AtomicUsize::new(0);
        let mut taken = 0;
        let done = ordered_map(
            &items,
            4,
            16,
            |n| {
                started.fetch_add(1, Ordering::Relaxed);
                *n
            },
            |_| {
                taken += 1;
                taken < 10
            },
        );
        assert!(!done);
        assert_eq!(taken, 10);
        // Never more than the window ahead of what was taken, plus one item per worker.
        assert!(
            started.load(Ordering::Relaxed) <= 10 + 16 + 4,
            "{started:?}"
        );
    }

    #[test]
    fn a_panic_in_the_work_is_raised_not_lost() {
        let items: Vec<u32> = (0..50).collect();
        let outcome = std::panic::catch_unwind(|| {
            ordered_map(
                &items,
                2,
                4,
                |n| {
                    assert!(*n != 30, "item 30");
                    *n
                },
                |_| true,
            )
        });
        assert!(outcome.is_err());
    }

    #[test]
    fn empty_and_single_lists() {
        assert!(ordered_map(&[] as &[u8], 4, 4, |n| *n, |_| true));
        let mut got = Vec::new();
        assert!(ordered_map(
            &[9u8],
            4,
            4,
            |n| *n,
            |r| {
                got.push(r);
                true
            }
        ));
        assert_eq!(got, [9]);
    }
}
