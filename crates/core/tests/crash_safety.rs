//! Crash safety: a child process writes through the real `Ledger` API and prints an
//! acknowledgement after each commit returns; the parent kills it (SIGKILL on Unix,
//! TerminateProcess on Windows) after a random delay, reopens the file with `Ledger::open`,
//! runs `PRAGMA integrity_check` and proves that every acknowledged write is there and that no
//! write is visible in part (every project has a whole stage history that matches its current
//! stage, every multi-step write is all there or not at all, every row has its change-log entry).
//!
//! The child is this test binary run again with `ZS_CRASH_CHILD_DB` set (see `crash_child`).
//! `ZS_CRASH_ITERATIONS` sets the number of kills (default 300), `ZS_CRASH_MAX_DELAY_MS` the
//! longest delay before a kill, counted from the ledger's opening (default 80).
//!
//! What this proves and what it does not: a killed process loses nothing that SQLite reported
//! committed and never exposes half a transaction (WAL + `synchronous=FULL` + one IMMEDIATE
//! transaction per `Ledger::write`). A power cut also loses the operating system's unwritten
//! cache; there `synchronous=FULL` (an fsync of the WAL at every commit) is what keeps
//! acknowledged writes, which a kill cannot exercise.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rand::Rng;
use zhaoshang_core::*;

const CHILD_ENV: &str = "ZS_CRASH_CHILD_DB";
const ROUND_ENV: &str = "ZS_CRASH_ROUND";
/// Set for the encrypted run: the child and the checks open the ledger with this passphrase.
const PASSPHRASE_ENV: &str = "ZS_CRASH_PASSPHRASE";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn stage(to: Stage, on: NaiveDate) -> StageChangeInput {
    StageChangeInput {
        to_stage: to,
        changed_on: on,
        construction_kind: None,
        added_investment: 0,
        officer_id: None,
        note: None,
        date_unknown: false,
    }
}

/// The history every project of this test grows along, one stage at a time.
const PATH: [Stage; 3] = [Stage::Lead, Stage::Negotiating, Stage::Signed];

fn ack(line: &str) {
    let mut out = std::io::stdout().lock();
    writeln!(out, "ACK {line}").unwrap();
    out.flush().unwrap();
}

/// The child, not a test of its own (hence ignored): the crash loop runs this binary again with
/// `--ignored --exact crash_child` and `ZS_CRASH_CHILD_DB` set; it writes to that ledger forever
/// (until killed), acknowledging each write after its commit returned.
#[test]
#[ignore = "the crash loop's child process, started by crash_loop"]
fn crash_child() {
    let path = std::env::var(CHILD_ENV)
        .expect("crash_child is the crash loop's child: run the crash loop tests instead");
    let round: u64 = std::env::var(ROUND_ENV).unwrap().parse().unwrap();
    let mut rng = rand::rng();
    let passphrase = std::env::var(PASSPHRASE_ENV).ok();
    let mut ledger = Ledger::open_with_passphrase(&path, passphrase.as_deref()).unwrap();
    ledger.set_today(Some(d(2022, 12, 31)));
    ack("OPEN");
    let officer = match ledger.officers().unwrap().into_iter().next() {
        Some(o) => o,
        None => {
            let o = ledger
                .create_officer(&OfficerInput {
                    name: "崩溃测试员".into(),
                    ..Default::default()
                })
                .unwrap();
            ack(&format!("O {}", o.id));
            o
        }
    };
    let new_project = |name: String, notes: usize| NewProject {
        project: ProjectInput {
            name,
            total_investment: 5 * YI,
            officer_id: Some(officer.id.clone()),
            // Some rows span overflow pages, so commits write more than one page.
            notes: Some("记".repeat(notes)),
            ..Default::default()
        },
        first_stage: Stage::Lead,
        first_stage_on: d(2022, 1, 10),
        first_stage_date_unknown: false,
    };
    for k in 0u64.. {
        if k % 3 == 2 {
            // One write of several steps: project, two stage changes and an activity.
            let new = new_project(format!("批-{round}-{k}"), rng.random_range(0..3000));
            let officer_id = officer.id.clone();
            let id = ledger
                .write(|tx, today| {
                    let p = projects::create(tx, &new, today)?;
                    projects::record_stage_change(
                        tx,
                        &p.id,
                        &stage(Stage::Negotiating, d(2022, 2, 1)),
                        today,
                    )?;
                    projects::record_stage_change(
                        tx,
                        &p.id,
                        &stage(Stage::Signed, d(2022, 3, 1)),
                        today,
                    )?;
                    activities::create(
                        tx,
                        &ActivityInput {
                            kind: ActivityKind::SigningCeremony,
                            occurred_on: d(2022, 3, 1),
                            place: None,
                            destination_code: None,
                            summary: Some(format!("批-{round}-{k} 签约")),
                            follow_up_on: None,
                            officer_ids: vec![officer_id.clone()],
                            company_ids: vec![],
                            project_ids: vec![p.id.clone()],
                            trip: Default::default(),
                        },
                        today,
                    )?;
                    Ok(p.id)
                })
                .unwrap();
            ack(&format!("B {id}"));
        } else {
            let p = ledger
                .create_project(&new_project(
                    format!("单-{round}-{k}"),
                    rng.random_range(0..3000),
                ))
                .unwrap();
            ack(&format!("S {} lead", p.id));
            ledger
                .record_stage_change(&p.id, &stage(Stage::Negotiating, d(2022, 2, 1)))
                .unwrap();
            ack(&format!("S {} negotiating", p.id));
            ledger
                .record_stage_change(&p.id, &stage(Stage::Signed, d(2022, 3, 1)))
                .unwrap();
            ack(&format!("S {} signed", p.id));
        }
    }
}

#[derive(Default)]
struct Acked {
    /// project id → the stages acknowledged for it.
    stages: BTreeMap<String, BTreeSet<Stage>>,
    /// Projects written by one multi-step write.
    bundles: BTreeSet<String>,
    /// The one officer (made by the first child that got that far).
    officer: bool,
    writes: u64,
}

impl Acked {
    fn record(&mut self, line: &str) {
        let mut parts = line.split(' ');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("S"), Some(id), Some(stage)) => {
                let stage = Stage::from_code(stage).unwrap();
                self.stages.entry(id.to_string()).or_default().insert(stage);
                self.writes += 1;
            }
            (Some("B"), Some(id), None) => {
                self.bundles.insert(id.to_string());
                self.writes += 1;
            }
            (Some("O"), Some(_), None) => {
                self.officer = true;
                self.writes += 1;
            }
            (Some("OPEN"), None, None) => {}
            _ => panic!("unexpected acknowledgement {line:?}"),
        }
    }
}

struct Check {
    /// Acknowledged writes found in the file.
    found: u64,
    /// Writes found that were committed but killed before their acknowledgement was printed.
    unacknowledged: u64,
    projects: usize,
}

/// Reopens the file the way the app does and checks everything acknowledged so far.
fn check(path: &Path, acked: &Acked, passphrase: Option<&str>) -> Check {
    let ledger =
        Ledger::open_with_passphrase(path, passphrase).expect("the ledger opens after a kill");
    let conn = ledger.connection();
    let problems = storage::backup::integrity_problems(conn, false).unwrap();
    assert!(problems.is_empty(), "integrity_check: {problems:?}");

    let mut history: BTreeMap<String, Vec<Stage>> = BTreeMap::new();
    let mut stmt = conn
        .prepare(
            "SELECT project_id, to_stage FROM stage_changes WHERE deleted_at IS NULL
             ORDER BY project_id, changed_on, created_at",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Stage>(1)?)))
        .unwrap();
    for row in rows {
        let (id, stage) = row.unwrap();
        history.entry(id).or_default().push(stage);
    }
    let projects: Vec<(String, String, Stage)> = conn
        .prepare("SELECT id, name, stage FROM projects")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let activity_links: BTreeMap<String, i64> = conn
        .prepare("SELECT project_id, COUNT(*) FROM activity_projects GROUP BY project_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    // The change log is written in the same transaction as the rows it describes.
    let logged: BTreeSet<(String, String)> = conn
        .prepare("SELECT table_name, row_id FROM changes WHERE field = '*'")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let stage_rows: Vec<String> = conn
        .prepare("SELECT id FROM stage_changes")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for id in &stage_rows {
        assert!(
            logged.contains(&("stage_changes".to_string(), id.clone())),
            "stage change {id} without its change-log entry"
        );
    }

    let mut found = 0;
    let mut unacknowledged = 0;
    let by_id: BTreeMap<&str, (&str, Stage)> = projects
        .iter()
        .map(|(id, name, s)| (id.as_str(), (name.as_str(), *s)))
        .collect();
    for (id, name, current) in &projects {
        let h = history.get(id).map(Vec::as_slice).unwrap_or(&[]);
        // No partial write: the history is a non-empty prefix of the path, and the project's
        // current stage is its last step.
        assert!(
            !h.is_empty() && h.len() <= PATH.len() && h == &PATH[..h.len()],
            "{name}: history {h:?}"
        );
        assert_eq!(*current, *h.last().unwrap(), "{name}: stage vs history");
        assert!(
            logged.contains(&("projects".to_string(), id.clone())),
            "{name} without its change-log entry"
        );
        if name.starts_with("批-") {
            assert_eq!(h, PATH, "{name}: a multi-step write is whole");
            assert_eq!(activity_links.get(id), Some(&1), "{name}: its activity");
            if acked.bundles.contains(id) {
                found += 1;
            } else {
                unacknowledged += 1;
            }
        } else {
            let acked_stages = acked.stages.get(id);
            for s in h {
                if acked_stages.is_some_and(|a| a.contains(s)) {
                    found += 1;
                } else {
                    unacknowledged += 1;
                }
            }
        }
    }
    // Every acknowledged write is there.
    for id in &acked.bundles {
        assert!(
            by_id.contains_key(id.as_str()),
            "acknowledged bundle {id} lost"
        );
    }
    for (id, stages) in &acked.stages {
        let h = history
            .get(id)
            .unwrap_or_else(|| panic!("acknowledged project {id} lost"));
        for s in stages {
            assert!(h.contains(s), "acknowledged stage {s:?} of {id} lost");
        }
    }
    let officers = ledger.officers().unwrap().len() as u64;
    assert!(officers <= 1);
    assert!(officers == 1 || !acked.officer, "acknowledged officer lost");
    if acked.officer {
        found += officers;
    } else {
        unacknowledged += officers;
    }
    Check {
        found,
        unacknowledged,
        projects: projects.len(),
    }
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn killing_the_writer_at_random_loses_no_acknowledged_write() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    crash_loop(env_or("ZS_CRASH_ITERATIONS", 300), None);
}

/// The same with an encrypted ledger (SQLCipher pages and WAL frames): fewer kills, it is the
/// same SQLite underneath; the point is that encryption adds no window for partial writes.
#[test]
fn killing_the_writer_of_an_encrypted_ledger_loses_no_acknowledged_write() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    crash_loop(
        env_or("ZS_CRASH_ITERATIONS_ENCRYPTED", 60),
        Some("县招商局-crash"),
    );
}

fn crash_loop(iterations: u64, passphrase: Option<&str>) {
    let max_delay_ms: u64 = env_or("ZS_CRASH_MAX_DELAY_MS", 80);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    let exe = std::env::current_exe().unwrap();
    let mut rng = rand::rng();
    let mut acked = Acked::default();
    let mut last = None;
    let mut unacknowledged_total = 0;
    let mut killed_before_open = 0;
    let started = Instant::now();
    for round in 0..iterations {
        let mut child = Command::new(&exe)
            .args([
                "crash_safety::crash_child",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
                "-q",
            ])
            .env(CHILD_ENV, &path)
            .env(ROUND_ENV, round.to_string())
            .env(PASSPHRASE_ENV, passphrase.unwrap_or(""))
            .env("RUST_BACKTRACE", "0")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        // The reader forwards acknowledgements as they come, so the parent can time the kill
        // from the moment the ledger is open.
        let (tx, rx) = std::sync::mpsc::channel::<String>();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(|l| l.ok()) {
                if let Some(a) = line.strip_prefix("ACK ") {
                    let _ = tx.send(a.to_string());
                }
            }
        });
        let stderr = child.stderr.take().unwrap();
        let errors = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = std::io::Read::read_to_string(&mut BufReader::new(stderr), &mut s);
            s
        });
        let mut lines = Vec::new();
        // One kill in ten lands anywhere from the start (inside open, recovery, quick_check,
        // the first migration); the others a random time after the ledger opened.
        if rng.random_range(0..10) != 0 {
            match rx.recv_timeout(Duration::from_secs(60)) {
                Ok(first) => lines.push(first),
                Err(_) => panic!("the writer did not open the ledger: {:?}", child.try_wait()),
            }
        }
        std::thread::sleep(Duration::from_micros(
            rng.random_range(0..=max_delay_ms * 1000),
        ));
        // If the child already died on its own, that is a failure (it panicked).
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "the writer exited by itself ({status}): {}",
                errors.join().unwrap()
            );
        }
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        lines.extend(rx.try_iter());
        let _ = errors.join();
        if lines.is_empty() {
            killed_before_open += 1;
        }
        for l in &lines {
            acked.record(l);
        }
        let c = check(&path, &acked, passphrase);
        assert_eq!(
            c.found, acked.writes,
            "round {round}: every acknowledged write found"
        );
        assert!(
            c.unacknowledged <= 1 + unacknowledged_total,
            "round {round}: at most one write in flight per kill"
        );
        unacknowledged_total = c.unacknowledged;
        last = Some(c);
    }
    let last = last.expect("at least one iteration");
    if passphrase.is_some() {
        let bytes = std::fs::read(&path).unwrap();
        assert!(!bytes.starts_with(b"SQLite format 3\0"), "stayed encrypted");
    }
    println!(
        "crash loop{}: iterations {iterations}, writes acknowledged {}, writes found {} \
         (+{} committed just before the kill, not yet acknowledged), projects {}, \
         killed before the ledger opened {killed_before_open}, {:.1} s",
        if passphrase.is_some() {
            " (encrypted)"
        } else {
            ""
        },
        acked.writes,
        last.found,
        last.unacknowledged,
        last.projects,
        started.elapsed().as_secs_f64(),
    );
}
