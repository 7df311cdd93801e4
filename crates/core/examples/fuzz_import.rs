//! Bounded fuzzing of the import parser without nightly or libFuzzer, for CI:
//! `cargo run --release -p zhaoshang-core --example fuzz_import -- [seconds] [seed-dir]`
//! (defaults: 60 s, `tests/fixtures`). Starts from every seed file, then mutates them (bit
//! flips, byte runs, truncation, splices of two seeds, inserted/deleted ranges, text edits on
//! CSV) for the time given, calling `ledger_import::fuzz_one` on each input. A panic that
//! escapes is a failure: the input is saved to `target/fuzz-crash-<n>.bin` and the run exits 1.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use zhaoshang_core::ledger_import::fuzz_one;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TEXT_PIECES: &[&str] = &[
    "项目名称",
    "总投资",
    "1.2亿",
    "三千二百万",
    "2022年6月30日",
    "2022.6",
    "44742",
    "签约",
    "开工",
    "=SUM(A1:A9)",
    ",",
    "\"",
    "\n",
    "\r\n",
    "\u{0}",
    "日期",
    "类型",
    "内容",
    "合计",
    "91211300MA0Y2Q3B47",
    "万元",
    "-1",
    "1e308",
    "９９９９",
    "𠀀",
    "\u{feff}",
];

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut d = seeds[rng.below(seeds.len())].clone();
    for _ in 0..1 + rng.below(6) {
        let len = d.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                d[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                let n = rng.below(64).min(len - i);
                let b = rng.next() as u8;
                d[i..i + n].iter_mut().for_each(|x| *x = b);
            }
            2 if len > 0 => d.truncate(rng.below(len)),
            3 => {
                let other = &seeds[rng.below(seeds.len())];
                let cut = rng.below(d.len() + 1);
                let from = rng.below(other.len() + 1);
                d.truncate(cut);
                d.extend_from_slice(&other[from..]);
            }
            4 => {
                let i = rng.below(len + 1);
                let piece = TEXT_PIECES[rng.below(TEXT_PIECES.len())].as_bytes();
                d.splice(i..i, piece.iter().copied());
            }
            5 if len > 0 => {
                let i = rng.below(len);
                let n = rng.below(256).min(len - i);
                d.drain(i..i + n);
            }
            6 => {
                let i = rng.below(len + 1);
                let n = rng.below(32);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                d.splice(i..i, bytes);
            }
            _ => {
                if len > 0 {
                    let i = rng.below(len);
                    d[i] = rng.next() as u8;
                }
            }
        }
    }
    d
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let secs: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(60);
    let dir = args
        .get(2)
        .cloned()
        .unwrap_or_else(|| "tests/fixtures".into());
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("seed folder {dir}: {e}"))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| matches!(x, "xlsx" | "xls" | "csv"))
        })
        .filter_map(|p| std::fs::read(p).ok())
        .filter(|b| b.len() < 4 * 1024 * 1024)
        .collect();
    seeds.push(b"\xEF\xBB\xBF\xE9\xA1\xB9\xE7\x9B\xAE\xE5\x90\x8D\xE7\xA7\xB0,\xE6\x80\xBB\xE6\x8A\x95\xE8\xB5\x84\n\xE7\x94\xB2,1\n".to_vec());
    // Quiet: a panic caught inside the readers is expected; one escaping is reported below.
    std::panic::set_hook(Box::new(|_| {}));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ secs);
    let mut runs = 0u64;
    for s in &seeds {
        run_one(s, runs);
        runs += 1;
    }
    while Instant::now() < deadline {
        let input = mutate(&mut rng, &seeds);
        run_one(&input, runs);
        runs += 1;
    }
    println!(
        "fuzz_import: {runs} inputs in {secs} s from {} seeds, no panic",
        seeds.len()
    );
}

fn run_one(input: &[u8], n: u64) {
    // FUZZ_TRACE=1: the input about to run is kept in target/fuzz-current.bin, to catch what
    // the OS kills (out of memory, stack).
    if std::env::var_os("FUZZ_TRACE").is_some() {
        let _ = std::fs::write("target/fuzz-current.bin", input);
    }
    // .xls (compound file) input is skipped unless FUZZ_XLS=1, as in the cargo-fuzz target:
    // calamine's .xls reader has known bugs on corrupt files (panics, contained by
    // `read::read`; sizes taken on trust: see crates/core/IMPORT_NOTES.md).
    if input.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) && std::env::var_os("FUZZ_XLS").is_none() {
        return;
    }
    if catch_unwind(AssertUnwindSafe(|| fuzz_one(input))).is_err() {
        let path = format!("target/fuzz-crash-{n}.bin");
        let _ = std::fs::write(&path, input);
        eprintln!("fuzz_import: input {n} panicked; saved to {path}");
        std::process::exit(1);
    }
}
