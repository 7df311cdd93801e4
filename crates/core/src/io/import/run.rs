//! The `Ledger` import entry points (preview, apply, from a file, timed) and the transaction
//! they run in: the dry run's rollback, the retry with per-row savepoints, the search index.

use super::layout::{prepare, refused, Layout};
use super::plan::{ImportOptions, ImportPlan, SheetKind};
use super::remembered::remember_mapping;
use super::timing::{self, phase_done};
use super::{activities, apply, companies, read};
use crate::error::{Error, Result};
use crate::ledger::Ledger;

thread_local! {
    /// Imports of more rows than this commit their data first and leave the search index to
    /// [`Ledger::refresh_search_index`] (its own transaction, after the import). Per thread:
    /// a test changing it changes it for itself only.
    static SEARCH_INDEX_AFTER_ROWS: std::cell::Cell<usize> = const { std::cell::Cell::new(20_000) };
}

/// Sets the size above which an import on this thread leaves the search index to its own
/// refresh (20,000 rows): lets a test play a big import with a small file.
#[doc(hidden)]
pub fn set_search_index_after_rows(rows: usize) {
    SEARCH_INDEX_AFTER_ROWS.with(|r| r.set(rows));
}

/// Rolls back a dry run's transaction (never shown: the plan is handed out instead).
const DRY_RUN: &str = "\u{0}dry-run";
/// Rolls back a first pass that hit a bad row (never shown: the rows are written again).
const PER_ROW_SAVEPOINTS: &str = "\u{0}per-row-savepoints";

impl Ledger {
    /// 预览: what importing `bytes` would do, row by row. Writes nothing.
    pub fn import_preview(&mut self, bytes: &[u8], options: &ImportOptions) -> Result<ImportPlan> {
        self.import_run(bytes, options, false, &mut |_, _| {})
    }

    /// Imports `bytes` in one transaction: every row or none. With invalid rows the import is
    /// refused (nothing written) unless `options.skip_invalid_rows`.
    pub fn import_apply(&mut self, bytes: &[u8], options: &ImportOptions) -> Result<ImportPlan> {
        self.import_run(bytes, options, true, &mut |_, _| {})
    }

    /// `import_apply` reporting (rows done, rows in all) as it goes, for a progress bar.
    pub fn import_apply_with_progress(
        &mut self,
        bytes: &[u8],
        options: &ImportOptions,
        progress: &mut dyn FnMut(u32, u32),
    ) -> Result<ImportPlan> {
        self.import_run(bytes, options, true, progress)
    }

    /// Reads a file from disk (its size is checked before it is read) and previews or applies it.
    pub fn import_file(
        &mut self,
        path: &std::path::Path,
        options: &ImportOptions,
        apply: bool,
    ) -> Result<ImportPlan> {
        let len = std::fs::metadata(path)?.len();
        if len as usize > read::MAX_FILE_BYTES {
            return Err(refused(format!(
                "文件过大（{} MB），最多导入 {} MB 的表格。",
                len / (1024 * 1024),
                read::MAX_FILE_BYTES / (1024 * 1024)
            )));
        }
        let bytes = std::fs::read(path)?;
        self.import_run(&bytes, options, apply, &mut |_, _| {})
    }

    /// `import_file` that also says where the time went, phase by phase (for `io-bench`):
    /// reading the file, writing the rows, the search index (folding and pinyin, then the
    /// FTS index), the commit.
    pub fn import_file_timed(
        &mut self,
        path: &std::path::Path,
        options: &ImportOptions,
        apply: bool,
    ) -> Result<(ImportPlan, Vec<(&'static str, std::time::Duration)>)> {
        let (out, timings) = timing::collect(|| self.import_file(path, options, apply));
        Ok((out?, timings))
    }

    fn import_run(
        &mut self,
        bytes: &[u8],
        options: &ImportOptions,
        commit: bool,
        progress: &mut dyn FnMut(u32, u32),
    ) -> Result<ImportPlan> {
        let mut t = std::time::Instant::now();
        let (sheet, sheets, layout) = prepare(self.connection(), bytes, options)?;
        phase_done("读取文件、识别表头", &mut t);
        // A big ledger's transaction outgrows the usual page cache; SQLite would spill dirty
        // pages to the WAL mid-transaction and read them back. Room for the import, then back.
        let cache: i64 = self
            .connection()
            .pragma_query_value(None, "cache_size", |r| r.get(0))?;
        let rows = sheet.rows.len() as i64;
        if rows > 2_000 {
            // About 2.5 KB of pages per imported row (project, company, history, change log,
            // search index), at most 512 MB.
            let want = -(rows * 5 / 2).min(512 * 1024);
            // Negative: KiB. Never less than the connection already has.
            let size = if cache < 0 { want.min(cache) } else { want };
            self.connection().pragma_update(None, "cache_size", size)?;
        }
        let out = self.import_write(&sheet, sheets, &layout, options, commit, progress);
        if rows > 2_000 {
            self.connection().pragma_update(None, "cache_size", cache)?;
        }
        out
    }

    fn import_write(
        &mut self,
        sheet: &read::Sheet,
        sheets: Vec<String>,
        layout: &Layout,
        options: &ImportOptions,
        commit: bool,
        progress: &mut dyn FnMut(u32, u32),
    ) -> Result<ImportPlan> {
        // A project ledger is written first with no savepoint per row; a bad row makes it
        // roll back and start again with them (apply::run).
        let mut per_row_savepoints = false;
        loop {
            let mut plan_out = None;
            let mut t = std::time::Instant::now();
            let result = self.import_transaction(
                sheet,
                &sheets,
                layout,
                options,
                commit,
                per_row_savepoints,
                &mut plan_out,
                &mut t,
                progress,
            );
            phase_done("提交事务", &mut t);
            match result {
                Err(Error::Conflict(m)) if m == DRY_RUN => {
                    return Ok(plan_out.expect("dry run planned"))
                }
                Err(Error::Conflict(m)) if m == PER_ROW_SAVEPOINTS => per_row_savepoints = true,
                other => return other,
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn import_transaction(
        &mut self,
        sheet: &read::Sheet,
        sheets: &[String],
        layout: &Layout,
        options: &ImportOptions,
        commit: bool,
        per_row_savepoints: bool,
        plan_out: &mut Option<ImportPlan>,
        t: &mut std::time::Instant,
        progress: &mut dyn FnMut(u32, u32),
    ) -> Result<ImportPlan> {
        self.write(|tx, today| {
            // The 项目库 name index is written once, before the commit (Ledger::write).
            crate::projects::name_index::pause_project_names(tx)?;
            phase_done("开始事务", t);
            let mut plan = match layout {
                Layout::Projects(head, _) => {
                    let Some(mut plan) =
                        apply::run(tx, today, sheet, head, per_row_savepoints, progress)?
                    else {
                        return Err(Error::Conflict(PER_ROW_SAVEPOINTS.into()));
                    };
                    plan.fields = SheetKind::Projects.fields();
                    plan
                }
                Layout::Activities(head, _) => activities::run(tx, today, sheet, head, progress)?,
                Layout::Companies(head, _) => companies::run(tx, today, sheet, head, progress)?,
            };
            plan.remembered_mapping = layout.remembered();
            phase_done("逐行写入", t);
            plan.sheets = sheets.to_vec();
            // Most rows failing: the file was probably read as the wrong kind; importing the
            // few rows that passed (with --skip-invalid) would be wrong too.
            if let Some(verdict) = crate::io::import_preview::read_wrongly(&plan, sheet.read_as) {
                if commit && options.skip_invalid_rows {
                    return Err(Error::Validation {
                        field: None,
                        message: format!("{verdict}台账未作任何改动。"),
                    });
                }
                plan.warnings.insert(0, verdict);
            }
            if commit && plan.counts.error > 0 && !options.skip_invalid_rows {
                return Err(Error::Validation {
                    field: None,
                    message: format!(
                        "有{}行无法导入，台账未作任何改动。{}",
                        plan.counts.error,
                        plan.error_summary(5)
                    ),
                });
            }
            if !commit {
                *plan_out = Some(plan);
                return Err(Error::Conflict(DRY_RUN.into()));
            }
            if !options.mapping.is_empty() || options.kind.is_some() {
                remember_mapping(tx, &plan.signature, plan.kind, &options.mapping)?;
            }
            // The data is what the import must write all or nothing; the search index is
            // derived from it. A big import leaves its names to a refresh of their own after
            // the commit (the app starts it at once, every search does it first): the import's
            // progress bar reaches its end ~1.5 s sooner at 100k rows.
            if sheet.rows.len() <= SEARCH_INDEX_AFTER_ROWS.with(std::cell::Cell::get) {
                crate::search::refresh_index(tx)?;
            }
            *t = std::time::Instant::now();
            plan.applied = true;
            Ok(plan)
        })
    }
}
