//! Work on every core with output in input order: [`ordered_map`] runs a function over a
//! list on several threads and hands the results on one at a time, in the list's order;
//! [`with_ordered_pool`] does the same for jobs the caller makes one by one, so a serial step
//! (an import's generator, which carries the run's unique names) can sit between two
//! parallel ones and all three overlap; [`Turns`] lets such a serial step run on the workers
//! themselves, in job order, so that a job's data stays on one thread from start to end.
//!
//! Why not a thread-pool crate: the one shape needed is "map in parallel, consume in order,
//! stop early, never run far ahead" (a streamed import of 10,000 files must stay flat in
//! memory and print byte-identical output whatever the thread count), which is a few dozen
//! lines over `std::thread::scope`; the consumer stays on the calling thread, so it needs
//! neither `Send` nor `Sync`.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};
use std::sync::{mpsc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::Result as Caught;

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
/// `false` to stop; no item is queued after that, and the workers finish only those already
/// queued (at most `window`). Returns whether every item was handed on.
///
/// A panic in `work` is not swallowed: it is raised again here.
pub fn ordered_map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    window: usize,
    work: impl Fn(&T) -> R + Sync,
    each: impl FnMut(R) -> bool,
) -> bool {
    // The pool over a list: its items are the jobs, submitted in order.
    let (_, complete) = with_ordered_pool(threads.min(items.len()), window, work, each, |pool| {
        items.iter().all(|item| pool.submit(item))
    });
    complete
}

/// Runs `body` with a pool of up to `threads` workers: each [`OrderedPool::submit`]ted job
/// goes through `work` on a worker, and `each` gets the results on the calling thread in the
/// order the jobs were submitted. At most `window` jobs are submitted and not yet handed
/// on: `submit` hands results on while it waits, so memory stays bounded. Once `body`
/// returns, the rest are handed on. `each` returns `false` to stop: `submit` then returns
/// `false` and takes no more jobs. Returns what `body` returned and whether every job was
/// handed on.
///
/// With one thread, `work` runs inside `submit`: the same calls in the same order.
/// A panic in `work` is raised again on the calling thread.
pub fn with_ordered_pool<J: Send, R: Send, T>(
    threads: usize,
    window: usize,
    work: impl Fn(J) -> R + Sync,
    mut each: impl FnMut(R) -> bool,
    body: impl FnOnce(&mut OrderedPool<'_, J, R>) -> T,
) -> (T, bool) {
    let window = window.max(1);
    if threads <= 1 {
        let mut pool = OrderedPool::new(&work, &mut each, window, None, None);
        let value = body(&mut pool);
        return (value, !pool.stopped);
    }
    let (job_sender, job_receiver) = mpsc::channel::<(usize, J)>();
    // Results are not bounded by the channel but by the window `submit` keeps.
    let (result_sender, result_receiver) = mpsc::channel::<(usize, Caught<R>)>();
    let job_receiver = Mutex::new(job_receiver);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (jobs, results, work) = (&job_receiver, result_sender.clone(), &work);
            scope.spawn(move || loop {
                // The lock is held while waiting: the one waiting worker takes the next job.
                let next = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv();
                let Ok((index, job)) = next else { break };
                let result = catch_unwind(AssertUnwindSafe(|| work(job)));
                if results.send((index, result)).is_err() {
                    break;
                }
            });
        }
        drop(result_sender);
        // Made inside the scope: when `body` or a raised panic leaves it, the pool (and
        // with it the job sender) is dropped first, which ends the workers the scope joins.
        let mut pool = OrderedPool::new(
            &work,
            &mut each,
            window,
            Some(job_sender),
            Some(result_receiver),
        );
        let value = body(&mut pool);
        let complete = pool.finish();
        (value, complete)
    })
}

/// The submitting side of [`with_ordered_pool`].
pub struct OrderedPool<'a, J, R> {
    work: &'a (dyn Fn(J) -> R + Sync),
    each: &'a mut dyn FnMut(R) -> bool,
    /// None when the pool runs on the calling thread alone.
    jobs: Option<mpsc::Sender<(usize, J)>>,
    results: Option<mpsc::Receiver<(usize, Caught<R>)>>,
    /// Results that came back ahead of an earlier job's.
    pending: BTreeMap<usize, R>,
    submitted: usize,
    handed: usize,
    window: usize,
    stopped: bool,
}

impl<'a, J, R> OrderedPool<'a, J, R> {
    fn new(
        work: &'a (dyn Fn(J) -> R + Sync),
        each: &'a mut dyn FnMut(R) -> bool,
        window: usize,
        jobs: Option<mpsc::Sender<(usize, J)>>,
        results: Option<mpsc::Receiver<(usize, Caught<R>)>>,
    ) -> Self {
        OrderedPool {
            work,
            each,
            jobs,
            results,
            pending: BTreeMap::new(),
            submitted: 0,
            handed: 0,
            window,
            stopped: false,
        }
    }

    /// Hands `job` to a worker, first handing on results while the window is full. Returns
    /// `false` once `each` has asked to stop (the job is then dropped).
    pub fn submit(&mut self, job: J) -> bool {
        while !self.stopped && self.submitted.saturating_sub(self.handed) >= self.window {
            if !self.receive(true) {
                break;
            }
        }
        if self.stopped {
            return false;
        }
        let index = self.submitted;
        self.submitted += 1;
        match &self.jobs {
            None => {
                let result = (self.work)(job);
                self.hand(index, result);
            }
            Some(jobs) => {
                // Workers leave only when the sender is dropped or the receiver is gone,
                // and both live as long as the pool: the send cannot fail.
                let _ = jobs.send((index, job));
                // Hands on whatever is ready without waiting, so output keeps flowing.
                while !self.stopped && self.receive(false) {}
            }
        }
        !self.stopped
    }

    /// Hands on every result still out; whether all were.
    fn finish(&mut self) -> bool {
        self.jobs = None;
        while !self.stopped && self.handed < self.submitted {
            if !self.receive(true) {
                break;
            }
        }
        !self.stopped && self.handed == self.submitted
    }

    /// Takes one result from the workers (waiting for it when `wait`) and hands on what is
    /// in order; `false` when none came.
    fn receive(&mut self, wait: bool) -> bool {
        let Some(results) = &self.results else {
            return false;
        };
        let received = if wait {
            results.recv().ok()
        } else {
            results.try_recv().ok()
        };
        let Some((index, result)) = received else {
            return false;
        };
        match result {
            Ok(result) => self.hand(index, result),
            Err(panic) => resume_unwind(panic),
        }
        true
    }

    /// Hands on `result` (job `index`) and every result queued behind it, in order.
    fn hand(&mut self, index: usize, result: R) {
        self.pending.insert(index, result);
        while !self.stopped {
            let Some(result) = self.pending.remove(&self.handed) else {
                break;
            };
            self.handed += 1;
            self.stopped = !(self.each)(result);
        }
    }
}

/// One step of numbered jobs (0, 1, 2...) that must run in number order, on whichever
/// threads run the jobs, with state shared across the steps: a streamed import parses,
/// checks and renders a job's files on one worker, and generates them there too, but only
/// after every earlier job's VMs (the generator gives out the run's unique names).
///
/// Why on the worker rather than on one consumer thread: handing each VM from the thread
/// that parsed it to the one that generates, and on to one that checks, cost an import
/// more CPU than the generating itself; each hand-off finds the VM in another core's cache.
///
/// Every number must come once, in a [`Ticket`], or the later ones wait forever; a ticket
/// dropped without its step (a job that stopped early or panicked) still passes its turn.
pub struct Turns<S> {
    /// The number whose turn it is, and the state.
    current: Mutex<(usize, S)>,
    /// The same number, read without the lock by a job spinning for its turn.
    turn: AtomicUsize,
    passed: Condvar,
}

/// How long a job spins for its turn before it sleeps. A step is tens of microseconds, and
/// sleeping and being woken cost a worker a context switch each way: an import of 2,000 VMs
/// switched 440 times on its workers, which blocked 40% of the run. Spinning a little first
/// catches most turns on the core that is already running.
const SPIN_FOR_TURN: std::time::Duration = std::time::Duration::from_micros(50);

impl<S> Turns<S> {
    pub fn new(state: S) -> Self {
        Turns {
            current: Mutex::new((0, state)),
            turn: AtomicUsize::new(0),
            passed: Condvar::new(),
        }
    }

    /// Job `number`'s ticket. Take it before the job's work begins, so that a panic in that
    /// work still passes the turn (when the ticket is dropped).
    pub fn ticket(&self, number: usize) -> Ticket<'_, S> {
        Ticket {
            turns: self,
            number,
            used: false,
        }
    }

    /// The state once every step has run.
    pub fn into_state(self) -> S {
        self.current
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
            .1
    }

    /// Waits until it is `number`'s turn.
    fn wait_for(&self, number: usize) -> MutexGuard<'_, (usize, S)> {
        let started = std::time::Instant::now();
        while self.turn.load(AtomicOrdering::Acquire) != number && started.elapsed() < SPIN_FOR_TURN
        {
            std::hint::spin_loop();
        }
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        while current.0 != number {
            current = self
                .passed
                .wait(current)
                .unwrap_or_else(PoisonError::into_inner);
        }
        current
    }
}

/// A job's place in [`Turns`]: [`Ticket::step`] runs its step in turn.
pub struct Ticket<'t, S> {
    turns: &'t Turns<S>,
    number: usize,
    used: bool,
}

impl<S> Ticket<'_, S> {
    /// Waits for every earlier number's step, runs `step` on the state, and passes the turn.
    pub fn step<T>(mut self, step: impl FnOnce(&mut S) -> T) -> T {
        self.used = true;
        let mut current = Passing {
            guard: self.turns.wait_for(self.number),
            turns: self.turns,
        };
        step(&mut current.guard.1)
    }
}

impl<S> Drop for Ticket<'_, S> {
    fn drop(&mut self) {
        if !self.used {
            drop(Passing {
                guard: self.turns.wait_for(self.number),
                turns: self.turns,
            });
        }
    }
}

/// The turn held: dropping it (after the step, or while a panic in the step unwinds) gives
/// the turn to the next number.
struct Passing<'a, S> {
    guard: MutexGuard<'a, (usize, S)>,
    turns: &'a Turns<S>,
}

impl<S> Drop for Passing<'_, S> {
    fn drop(&mut self) {
        self.guard.0 = self.guard.0.wrapping_add(1);
        self.turns.turn.store(self.guard.0, AtomicOrdering::Release);
        self.turns.passed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

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
    fn steps_run_in_number_order_on_any_thread() {
        for threads in [1, 2, 3, 8] {
            let items: Vec<usize> = (0..300).collect();
            let turns = Turns::new(Vec::new());
            let mut seen = Vec::new();
            ordered_map(
                &items,
                threads,
                9,
                |&n| {
                    let ticket = turns.ticket(n);
                    // Uneven work before the step, so later jobs often reach it first.
                    if n % 7 == 0 {
                        std::thread::sleep(std::time::Duration::from_micros(300));
                    }
                    ticket.step(|order: &mut Vec<usize>| order.push(n));
                    n
                },
                |n| {
                    seen.push(n);
                    true
                },
            );
            assert_eq!(turns.into_state(), items, "{threads}");
            assert_eq!(seen, items, "{threads}");
        }
    }

    #[test]
    fn a_ticket_dropped_unused_or_in_a_panic_passes_its_turn() {
        let items: Vec<usize> = (0..40).collect();
        let turns = Turns::new(Vec::new());
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
            ordered_map(
                &items,
                3,
                8,
                |&n| {
                    let ticket = turns.ticket(n);
                    assert!(n != 13, "job 13");
                    if n % 2 == 0 {
                        ticket.step(|order: &mut Vec<usize>| order.push(n));
                    }
                    n
                },
                |_| true,
            )
        }));
        // The panic is raised on the calling thread, and no worker waits forever for 13.
        assert!(outcome.is_err());
        let order = turns.into_state();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
        assert!(order.iter().all(|n| n % 2 == 0), "{order:?}");
    }

    #[test]
    fn a_pool_hands_results_on_in_submission_order_within_its_window() {
        for threads in [1, 2, 4] {
            let mut seen = Vec::new();
            let most_out = AtomicUsize::new(0);
            let out = AtomicUsize::new(0);
            let (submitted, complete) = with_ordered_pool(
                threads,
                5,
                |n: u64| {
                    let now = out.fetch_add(1, Ordering::SeqCst) + 1;
                    most_out.fetch_max(now, Ordering::SeqCst);
                    if n.is_multiple_of(3) {
                        std::thread::sleep(std::time::Duration::from_micros(300));
                    }
                    out.fetch_sub(1, Ordering::SeqCst);
                    n * 10
                },
                |r| {
                    seen.push(r);
                    true
                },
                |pool| (0..200u64).filter(|n| pool.submit(*n)).count(),
            );
            assert!(complete);
            assert_eq!(submitted, 200);
            assert_eq!(
                seen,
                (0..200).map(|n| n * 10).collect::<Vec<_>>(),
                "{threads}"
            );
            assert!(most_out.load(Ordering::SeqCst) <= 5, "{threads}");
        }
    }

    #[test]
    fn a_pool_stops_taking_jobs_once_asked() {
        for threads in [1, 3] {
            let mut taken = 0;
            let (accepted, complete) = with_ordered_pool(
                threads,
                4,
                |n: usize| n,
                |_| {
                    taken += 1;
                    taken < 7
                },
                |pool| (0..1000).take_while(|n| pool.submit(*n)).count(),
            );
            assert!(!complete);
            assert_eq!(taken, 7, "{threads}");
            // `submit` says stop at the latest on the job whose result stopped it (the
            // seventh, run inline on one thread), and never takes more than the window past it.
            assert!((6..=7 + 4).contains(&accepted), "{threads}: {accepted}");
        }
    }

    #[test]
    fn a_panic_in_pool_work_is_raised_on_the_caller() {
        let outcome = std::panic::catch_unwind(|| {
            with_ordered_pool(
                2,
                4,
                |n: u32| {
                    assert!(n != 30, "job 30");
                    n
                },
                |_| true,
                |pool| {
                    for n in 0..50 {
                        pool.submit(n);
                    }
                },
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
