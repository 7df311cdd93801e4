//! Bounded fuzzing of the import parser without nightly or libFuzzer, for CI:
//! `cargo run --release -p zhaoshang-core --example fuzz_import -- [seconds] [seed-dir]`
//! (defaults: 60 s, `tests/fixtures` and its subfolders). Starts from every seed file (.xlsx;
//! .xls as binary, Excel 2003 XML or HTML; .ods; .csv/.txt; the hostile .bin inputs kept as
//! fixtures), then mutates them (bit flips, byte runs, truncation,
//! splices of two seeds, inserted/deleted ranges, text edits on CSV, little-endian integers set
//! to boundary values: the sizes, counts and indexes of binary formats) for the time given,
//! calling `io::import::fuzz_one` on each input. A panic that escapes is a failure: the input
//! is saved to `target/fuzz-crash-<n>.bin` and the run exits 1. A huge allocation is one only
//! under an address-space limit (`fuzz/ci.sh` runs this under `ulimit -v`): then the process
//! aborts, which fails the step; `FUZZ_TRACE=1` keeps the input being read in
//! `target/fuzz-current.bin` to find it.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use zhaoshang_core::io::import::fuzz_one;

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

/// Values that sizes, counts and indexes are checked against.
const BOUNDARY_VALUES: &[u32] = &[
    0,
    1,
    2,
    0x7F,
    0x80,
    0xFF,
    0x100,
    0x1000,
    0x7FFF,
    0x8000,
    0xFFFE,
    0xFFFF,
    0x1_0000,
    0x7FFF_FFFF,
    0x8000_0000,
    0xFFFF_FFFA,
    0xFFFF_FFFE,
    0xFFFF_FFFF,
];

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut d = seeds[rng.below(seeds.len())].clone();
    for _ in 0..1 + rng.below(6) {
        let len = d.len();
        match rng.below(10) {
            // A little-endian u16/u32 set to a boundary value or nudged.
            8 | 9 if len >= 4 => {
                let i = rng.below(len - 3);
                let wide = rng.below(2) == 0;
                let old = if wide {
                    u32::from_le_bytes([d[i], d[i + 1], d[i + 2], d[i + 3]])
                } else {
                    u16::from_le_bytes([d[i], d[i + 1]]) as u32
                };
                let v = match rng.below(3) {
                    0 => old.wrapping_add(1 + rng.below(16) as u32),
                    1 => old.wrapping_sub(1 + rng.below(16) as u32),
                    _ => BOUNDARY_VALUES[rng.below(BOUNDARY_VALUES.len())],
                };
                if wide {
                    d[i..i + 4].copy_from_slice(&v.to_le_bytes());
                } else {
                    d[i..i + 2].copy_from_slice(&(v as u16).to_le_bytes());
                }
            }
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
    // The folder and its subfolders one level down (tests/fixtures/formats: SpreadsheetML and
    // HTML .xls, .ods, UTF-16 text, a PDF; issue 18).
    let listed: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("seed folder {dir}: {e}"))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for p in listed {
        if p.is_dir() {
            if let Ok(sub) = std::fs::read_dir(&p) {
                files.extend(sub.filter_map(|e| e.ok()).map(|e| e.path()));
            }
        } else {
            files.push(p);
        }
    }
    files.sort();
    let mut seeds: Vec<Vec<u8>> = files
        .into_iter()
        .filter(|p| {
            p.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                matches!(
                    x,
                    "xlsx" | "xls" | "et" | "ods" | "csv" | "txt" | "xml" | "html" | "pdf" | "bin"
                )
            })
        })
        .filter_map(|p| std::fs::read(p).ok())
        .filter(|b| b.len() < 4 * 1024 * 1024)
        .collect();
    seeds.push(b"\xEF\xBB\xBF\xE9\xA1\xB9\xE7\x9B\xAE\xE5\x90\x8D\xE7\xA7\xB0,\xE6\x80\xBB\xE6\x8A\x95\xE8\xB5\x84\n\xE7\x94\xB2,1\n".to_vec());
    // Quiet: a panic caught inside the readers is expected; one escaping is reported below.
    std::panic::set_hook(Box::new(|_| {}));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ secs);
    let started = Instant::now();
    let mut runs = 0u64;
    let mut xls = 0u64;
    let is_xls = |d: &[u8]| d.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    // The slowest input is kept in target/fuzz-slowest.bin (a hang shows up as one), the one
    // that raised the peak memory most (past 64 MB) in target/fuzz-biggest.bin.
    let mut slowest = Duration::ZERO;
    let mut peak_kb = peak_rss_kb();
    let mut one = |input: &[u8], n: u64| {
        let t = Instant::now();
        run_one(input, n);
        let took = t.elapsed();
        if took > slowest {
            slowest = took;
            if took > Duration::from_millis(200) {
                let _ = std::fs::write("target/fuzz-slowest.bin", input);
            }
        }
        let now = peak_rss_kb();
        if now > peak_kb {
            if now > 64 * 1024 {
                let _ = std::fs::write("target/fuzz-biggest.bin", input);
            }
            peak_kb = now;
        }
    };
    for s in &seeds {
        one(s, runs);
        runs += 1;
        xls += is_xls(s) as u64;
    }
    while Instant::now() < deadline {
        let input = mutate(&mut rng, &seeds);
        one(&input, runs);
        runs += 1;
        xls += is_xls(&input) as u64;
    }
    let took = started.elapsed().as_secs_f64();
    println!(
        "fuzz_import: {runs} inputs ({xls} .xls) in {took:.0} s ({:.0}/s) from {} seeds, \
         slowest {} ms, peak RSS {} MB, no panic",
        runs as f64 / took.max(0.001),
        seeds.len(),
        slowest.as_millis(),
        peak_rss_kb() / 1024
    );
}

/// The process's peak resident memory (VmHWM, Linux; 0 elsewhere).
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn run_one(input: &[u8], n: u64) {
    // FUZZ_TRACE=1: the input about to run is kept in target/fuzz-current.bin, to catch what
    // the OS kills (out of memory, stack).
    if std::env::var_os("FUZZ_TRACE").is_some() {
        let _ = std::fs::write("target/fuzz-current.bin", input);
    }
    if catch_unwind(AssertUnwindSafe(|| fuzz_one(input))).is_err() {
        let path = format!("target/fuzz-crash-{n}.bin");
        let _ = std::fs::write(&path, input);
        eprintln!("fuzz_import: input {n} panicked; saved to {path}");
        std::process::exit(1);
    }
}
