//! What the teacher's pages do with their live connection (browser only). An admin
//! connection gets a frame for every learner's submission and the stats every two
//! seconds, hundreds of frames a second under load: the dashboard gathers them and draws
//! at most once a second; the submissions pages take only the frames of the rows they
//! show.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wire::live::Event;
use wire::stats::StatsSample;
use wire::Submission;

use super::board::Board;
use crate::client::admin;
use crate::client::live::{stay_live, Listener};
use crate::model::dashboard::{into_feed, push_sample, Batch, DashboardData, SubmittedCounter};
use crate::model::submissions::follows;

/// How often the dashboard draws what arrived.
const DRAW_EVERY: Duration = Duration::from_secs(1);

/// The dashboard's connection, and its drawing once a second while the page lives.
pub(super) fn watch_dashboard(board: Board, data: &DashboardData) {
    let listener = DashboardListener {
        board,
        batch: Rc::default(),
        counter: Rc::new(RefCell::new(SubmittedCounter::new(data))),
    };
    let drawing = listener.clone();
    if let Ok(timer) = set_interval_with_handle(move || drawing.draw(), DRAW_EVERY) {
        on_cleanup(move || timer.clear());
    }
    stay_live(listener);
}

#[derive(Clone)]
struct DashboardListener {
    board: Board,
    /// What arrived since the last drawing.
    batch: Rc<RefCell<Batch>>,
    counter: Rc<RefCell<SubmittedCounter>>,
}

impl DashboardListener {
    fn draw(&self) {
        let batch = self.batch.take();
        if let Some(stats) = batch.stats {
            let submitted = self.counter.borrow_mut().last_minute(stats.at);
            let sample = StatsSample::of(&stats, submitted);
            self.board
                .samples
                .update(|samples| push_sample(samples, sample));
            self.board.stats.set(stats);
        }
        if !batch.submissions.is_empty() {
            self.board.feed.update(|feed| {
                for submission in batch.submissions {
                    into_feed(feed, submission);
                }
            });
        }
    }
}

impl Listener for DashboardListener {
    /// Starts again from the server's figures: frames were missed while no socket was
    /// open (and before the first one opened).
    fn opened(&self) {
        self.board.connected.set(true);
        let this = self.clone();
        spawn_local(async move {
            if let Ok(data) = admin::dashboard().await {
                *this.counter.borrow_mut() = SubmittedCounter::new(&data);
                this.board.samples.set(data.history);
                this.board.stats.set(data.stats);
            }
        });
    }

    fn closed(&self) {
        self.board.connected.set(false);
    }

    fn frame(&self, event: Event) {
        if let Event::Submission { submission } = &event {
            self.counter.borrow_mut().note(submission);
        }
        self.batch.borrow_mut().add(event);
    }
}

/// Keeps the submissions a page shows (a page of the list, or the one on its own page)
/// as their frames say; after every (re)connect, `reread` reads them again.
pub(super) fn watch_rows(
    rows: RwSignal<Vec<Submission>>,
    connected: RwSignal<bool>,
    reread: impl Fn() + 'static,
) {
    stay_live(RowsListener {
        rows,
        connected,
        reread: Box::new(reread),
    });
}

struct RowsListener {
    rows: RwSignal<Vec<Submission>>,
    connected: RwSignal<bool>,
    reread: Box<dyn Fn()>,
}

impl Listener for RowsListener {
    fn opened(&self) {
        self.connected.set(true);
        (self.reread)();
    }

    fn closed(&self) {
        self.connected.set(false);
    }

    fn frame(&self, event: Event) {
        if let Event::Submission { submission } = event {
            apply(self.rows, submission);
        }
    }
}

/// Puts `update` in place of the row it changes; the other frames (most of them, on a
/// busy course) touch nothing, so nothing is drawn again for them.
pub(super) fn apply(rows: RwSignal<Vec<Submission>>, update: Submission) {
    let changes = rows.with_untracked(|rows| {
        rows.iter()
            .any(|row| row.id == update.id && follows(row, &update))
    });
    if changes {
        rows.update(|rows| {
            if let Some(row) = rows.iter_mut().find(|row| row.id == update.id) {
                *row = update;
            }
        });
    }
}
