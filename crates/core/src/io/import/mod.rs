//! Importing Excel/WPS and CSV ledgers (issue 4): read the file (`read`), find the header and
//! map its columns (`header`), parse each cell (`parse`), then plan and apply row by row
//! (`apply` for 项目台账, `activities` for 招商活动台账, `companies` for 企业名录; the kind is
//! detected, chosen by the user, or remembered with the corrected mapping for that header).
//!
//! A dry run (`Ledger::import_preview`) runs the very same writes inside one transaction and
//! rolls it back, so its row-by-row plan (create / update / unchanged / skip / error, with the
//! reason in Chinese and the sheet's row number) is exactly what the import would do, checked
//! by the same table modules as the app's forms. `Ledger::import_apply` runs it again and
//! commits: all rows or none. Rows are matched to what the ledger holds (projects by name and
//! company, companies by credit code, then normalized name), so importing the same file twice
//! changes nothing the second time.

pub mod activities;
pub mod apply;
pub mod companies;
pub mod header;
pub mod parse;
pub mod read;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ledger::Ledger;
pub use header::{ColumnMapping, Field};
pub use parse::MoneyUnit;

/// The user's correction of one column's meaning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ColumnChoice {
    pub column: u32,
    /// None: do not import this column.
    pub field: Option<Field>,
    /// For a money column: the unit its plain numbers are in.
    pub unit: Option<MoneyUnit>,
}

/// What a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum SheetKind {
    /// 项目台账: one project a row.
    #[default]
    Projects,
    /// 招商活动台账: one activity a row.
    Activities,
    /// 企业名录 / 企业库: one company a row.
    Companies,
}

impl SheetKind {
    pub fn label(self) -> &'static str {
        match self {
            SheetKind::Projects => "项目台账",
            SheetKind::Activities => "招商活动台账",
            SheetKind::Companies => "企业名录",
        }
    }

    /// The fields this kind's columns can be mapped to.
    pub fn fields(self) -> Vec<Field> {
        match self {
            SheetKind::Projects => Field::ALL
                .iter()
                .copied()
                .filter(|f| !f.activity_only())
                .collect(),
            SheetKind::Activities => activities::FIELDS.to_vec(),
            SheetKind::Companies => companies::FIELDS.to_vec(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct ImportOptions {
    /// Sheet to import (default: the first sheet with a recognizable header).
    pub sheet: Option<String>,
    /// What the sheet holds, when the user says so (default: detected from its header, or as
    /// remembered for this header). Remembered with the mapping.
    pub kind: Option<SheetKind>,
    /// Corrections to the detected column mapping; remembered for files with the same header.
    pub mapping: Vec<ColumnChoice>,
    /// Import the valid rows and skip invalid ones. Default: any invalid row stops the import
    /// and nothing is written.
    pub skip_invalid_rows: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum RowAction {
    /// A new project (and perhaps a new company, officer, team).
    Create,
    /// An existing project gets new values or stage changes.
    Update,
    /// Already in the ledger exactly as in the file.
    Unchanged,
    /// Not a project row (blank name, a total, a group title, a repeated row).
    Skip,
    /// The row cannot be imported as it is (bad date, unknown stage, invalid credit code…).
    Error,
}

impl RowAction {
    pub fn label(self) -> &'static str {
        match self {
            RowAction::Create => "新建",
            RowAction::Update => "更新",
            RowAction::Unchanged => "无变化",
            RowAction::Skip => "跳过",
            RowAction::Error => "错误",
        }
    }
}

/// What happens to one row of the sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanRow {
    /// Row number as the spreadsheet shows it.
    pub row: u32,
    pub action: RowAction,
    pub project_name: Option<String>,
    pub company_name: Option<String>,
    /// Why, in Chinese ("新建企业“凌源钢铁”；签约 2022年6月30日" / "签约时间“2022-13-45”无法识别").
    pub message: String,
    /// The project created or updated (after apply; in a dry run the id is not kept).
    pub project_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanCounts {
    pub create: u32,
    pub update: u32,
    pub unchanged: u32,
    pub skip: u32,
    pub error: u32,
    pub companies_created: u32,
    pub companies_updated: u32,
    pub officers_created: u32,
    pub teams_created: u32,
}

impl PlanCounts {
    /// Counts one planned row under its action.
    pub(crate) fn count(&mut self, action: RowAction) {
        match action {
            RowAction::Create => self.create += 1,
            RowAction::Update => self.update += 1,
            RowAction::Unchanged => self.unchanged += 1,
            RowAction::Skip => self.skip += 1,
            RowAction::Error => self.error += 1,
        }
    }
}

/// The dry run's answer (and, after apply, what was done).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportPlan {
    pub sheet: String,
    /// Every sheet of the file (to let the user pick another).
    pub sheets: Vec<String>,
    /// Row numbers of the header row(s).
    pub header_rows: Vec<u32>,
    /// Identifies this header layout (its remembered mapping is keyed on it).
    pub signature: String,
    /// True when a mapping remembered from an earlier import was applied.
    pub remembered_mapping: bool,
    pub columns: Vec<ColumnMapping>,
    pub rows: Vec<PlanRow>,
    pub counts: PlanCounts,
    /// File-level notes (a field without a column, ignored columns).
    pub warnings: Vec<String>,
    /// True once written (apply); false for a dry run.
    pub applied: bool,
    /// A 招商活动台账 (rows are activities, not projects); same as `kind == Activities`.
    #[serde(default)]
    pub activities: bool,
    /// What the sheet holds (detected, chosen, or remembered).
    #[serde(default)]
    pub kind: SheetKind,
    /// The fields this kind's columns can be mapped to (the mapping editor's choices).
    #[serde(default)]
    pub fields: Vec<Field>,
}

impl ImportPlan {
    /// The plan of one sheet of `kind` read under `head` (not yet applied; the caller adds the
    /// file's other sheets and whether a remembered mapping was used).
    pub(crate) fn of_sheet(
        sheet: &read::Sheet,
        head: &header::Header,
        kind: SheetKind,
        rows: Vec<PlanRow>,
        counts: PlanCounts,
        warnings: Vec<String>,
        fields: Vec<Field>,
    ) -> Self {
        ImportPlan {
            sheet: sheet.name.clone(),
            sheets: Vec::new(),
            header_rows: head.header_rows.clone(),
            signature: head.signature(),
            remembered_mapping: false,
            columns: head.columns.clone(),
            rows,
            counts,
            warnings,
            applied: false,
            activities: kind == SheetKind::Activities,
            kind,
            fields,
        }
    }

    /// First errors as one message, e.g. for a refused import.
    pub fn error_summary(&self, max: usize) -> String {
        let errors: Vec<String> = self
            .rows
            .iter()
            .filter(|r| r.action == RowAction::Error)
            .take(max)
            .map(|r| format!("第{}行：{}", r.row, r.message))
            .collect();
        let more = self.counts.error as usize - errors.len();
        let mut s = errors.join("；");
        if more > 0 {
            s.push_str(&format!("；另有{more}行有误"));
        }
        s
    }
}

/// Imports of more rows than this commit their data first and leave the search index to
/// [`Ledger::refresh_search_index`] (its own transaction, after the import).
static SEARCH_INDEX_AFTER_ROWS: std::sync::atomic::AtomicUsize =
    std::sync::atomic::AtomicUsize::new(20_000);

/// Sets the size above which an import leaves the search index to its own refresh (20,000 rows):
/// lets a test play a big import with a small file.
#[doc(hidden)]
pub fn set_search_index_after_rows(rows: usize) {
    SEARCH_INDEX_AFTER_ROWS.store(rows, std::sync::atomic::Ordering::Relaxed);
}

/// Reads the file and picks the sheet and header: the kind the user chose, else a kind and
/// mapping remembered for the sheet's header, else the detected one (活动台账, 企业名录, then
/// 项目台账). Resolves the column mapping (the user's corrections, else remembered ones).
pub(crate) fn prepare(
    conn: &Connection,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<(read::Sheet, Vec<String>, Layout)> {
    let sheets = read::read(bytes).map_err(refused)?;
    let names: Vec<String> = sheets.iter().map(|s| s.name.clone()).collect();
    if let Some(name) = &options.sheet {
        if !names.contains(name) {
            return Err(refused(format!("文件中没有名为“{name}”的工作表。")));
        }
    }
    let mut first_err = None;
    for sheet in sheets {
        if options.sheet.as_ref().is_some_and(|n| *n != sheet.name) {
            continue;
        }
        match layout_of(conn, &sheet, options)? {
            Ok(layout) => return Ok((sheet, names, layout)),
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    Err(refused(
        first_err.unwrap_or_else(|| "文件中没有工作表。".to_string()),
    ))
}

/// The layout of one sheet, or why none was found (Ok(Err): try the next sheet).
fn layout_of(
    conn: &Connection,
    sheet: &read::Sheet,
    options: &ImportOptions,
) -> Result<std::result::Result<Layout, String>> {
    let corrected = !options.mapping.is_empty();
    let mut layout = match options.kind {
        Some(kind) => match detect_as(sheet, kind) {
            Ok(l) => l,
            Err(e) => return Ok(Err(e)),
        },
        None => {
            if !corrected {
                if let Some(mut l) = remembered_layout(conn, sheet)? {
                    l.finish();
                    return Ok(Ok(l));
                }
            }
            if let Some(h) = activities::detect(sheet) {
                Layout::Activities(h, false)
            } else if let Some(h) = companies::detect(sheet) {
                Layout::Companies(h, false)
            } else {
                match header::detect(sheet) {
                    Ok(h) => Layout::Projects(h, false),
                    Err(e) => return Ok(Err(e)),
                }
            }
        }
    };
    if corrected {
        apply_choices(layout.columns_mut(), &options.mapping);
    } else if let Some((kind, saved)) = remembered_mapping(conn, &layout.signature())? {
        if kind == layout.kind() {
            apply_choices(layout.columns_mut(), &saved);
            layout.set_remembered();
        }
    }
    layout.finish();
    Ok(Ok(layout))
}

/// The sheet read as `kind` (the user's choice): that kind's header, even with unusual names.
fn detect_as(sheet: &read::Sheet, kind: SheetKind) -> std::result::Result<Layout, String> {
    Ok(match kind {
        SheetKind::Projects => Layout::Projects(header::detect(sheet)?, false),
        SheetKind::Activities => {
            Layout::Activities(activities::detect_as_activities(sheet)?, false)
        }
        SheetKind::Companies => Layout::Companies(companies::detect_as_companies(sheet)?, false),
    })
}

/// A layout remembered for a header of this sheet, with its remembered mapping: the header
/// each kind's detection finds (titles above, merged header rows), else any of the first 30
/// rows alone (a header the user picked).
fn remembered_layout(conn: &Connection, sheet: &read::Sheet) -> Result<Option<Layout>> {
    let mut heads: Vec<header::Header> = [
        &header::PROJECTS,
        &activities::VOCABULARY,
        &companies::VOCABULARY,
    ]
    .into_iter()
    .filter_map(|v| header::detect_with(sheet, v, 1).ok())
    .collect();
    heads.extend(
        (0..sheet.rows.len().min(30))
            .filter(|&i| sheet.rows[i].cells.iter().filter(|c| !c.is_empty()).count() >= 2)
            .map(|i| header::header_at(sheet, i, &header::PROJECTS)),
    );
    let mut tried = Vec::new();
    for h in heads {
        let signature = h.signature();
        if tried.contains(&signature) {
            continue;
        }
        if let Some((kind, saved)) = remembered_mapping(conn, &signature)? {
            let mut l = match kind {
                SheetKind::Projects => Layout::Projects(h, true),
                SheetKind::Activities => {
                    Layout::Activities(header::remap(h, &activities::VOCABULARY), true)
                }
                SheetKind::Companies => Layout::Companies(companies::remap(h), true),
            };
            apply_choices(l.columns_mut(), &saved);
            return Ok(Some(l));
        }
        tried.push(signature);
    }
    Ok(None)
}

/// What a sheet holds and its header (whether a remembered mapping was applied).
pub(crate) enum Layout {
    Projects(header::Header, bool),
    Activities(header::Header, bool),
    Companies(header::Header, bool),
}

impl Layout {
    fn kind(&self) -> SheetKind {
        match self {
            Layout::Projects(..) => SheetKind::Projects,
            Layout::Activities(..) => SheetKind::Activities,
            Layout::Companies(..) => SheetKind::Companies,
        }
    }

    fn columns_mut(&mut self) -> &mut Vec<ColumnMapping> {
        match self {
            Layout::Projects(h, _) | Layout::Companies(h, _) | Layout::Activities(h, _) => {
                &mut h.columns
            }
        }
    }

    fn signature(&self) -> String {
        match self {
            Layout::Projects(h, _) | Layout::Companies(h, _) | Layout::Activities(h, _) => {
                h.signature()
            }
        }
    }

    fn set_remembered(&mut self) {
        match self {
            Layout::Projects(_, r) | Layout::Companies(_, r) | Layout::Activities(_, r) => {
                *r = true
            }
        }
    }

    fn remembered(&self) -> bool {
        match self {
            Layout::Projects(_, r) | Layout::Companies(_, r) | Layout::Activities(_, r) => *r,
        }
    }

    /// Only this kind's fields stay mapped (a corrected mapping may name others).
    fn finish(&mut self) {
        let fields = self.kind().fields();
        for c in self.columns_mut() {
            if c.field.is_some_and(|f| !fields.contains(&f)) {
                c.field = None;
                c.unit = None;
            }
        }
    }
}

fn apply_choices(columns: &mut [ColumnMapping], choices: &[ColumnChoice]) {
    for choice in choices {
        // One column per field (except 参加人员: several columns may name people).
        if let Some(f) = choice.field.filter(|f| !f.several_columns()) {
            for c in columns.iter_mut() {
                if c.field == Some(f) && c.column != choice.column {
                    c.field = None;
                }
            }
        }
        if let Some(col) = columns.iter_mut().find(|c| c.column == choice.column) {
            col.field = choice.field;
            col.unit = match choice.field {
                Some(Field::TotalInvestment) => Some(
                    choice
                        .unit
                        .unwrap_or_else(|| MoneyUnit::from_header(&col.header)),
                ),
                _ => None,
            };
        }
    }
}

fn refused(message: impl Into<String>) -> Error {
    Error::Validation {
        field: None,
        message: format!("{}未导入任何数据。", message.into()),
    }
}

/// A remembered mapping as stored: the kind with the choices (earlier versions stored the
/// choices of a project ledger alone).
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Remembered {
    Kind {
        kind: SheetKind,
        mapping: Vec<ColumnChoice>,
    },
    Projects(Vec<ColumnChoice>),
}

fn remembered_mapping(
    conn: &Connection,
    signature: &str,
) -> Result<Option<(SheetKind, Vec<ColumnChoice>)>> {
    let json: Option<String> = conn
        .prepare_cached("SELECT mapping FROM import_mappings WHERE signature = ?1")?
        .query_row([signature], |r| r.get(0))
        .optional()?;
    Ok(
        json.and_then(|j| match serde_json::from_str::<Remembered>(&j).ok()? {
            Remembered::Kind { kind, mapping } => Some((kind, mapping)),
            Remembered::Projects(mapping) => Some((SheetKind::Projects, mapping)),
        }),
    )
}

fn remember_mapping(
    conn: &Connection,
    signature: &str,
    kind: SheetKind,
    choices: &[ColumnChoice],
) -> Result<()> {
    let stored = Remembered::Kind {
        kind,
        mapping: choices.to_vec(),
    };
    conn.execute(
        "INSERT INTO import_mappings (signature, mapping, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(signature) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at",
        params![
            signature,
            serde_json::to_string(&stored).expect("choices serialize"),
            crate::util::now_stamp()
        ],
    )?;
    Ok(())
}

thread_local! {
    /// Phase timings of the import running on this thread, when asked for (`import_file_timed`).
    static TIMINGS: std::cell::RefCell<Option<Vec<(&'static str, std::time::Duration)>>> =
        const { std::cell::RefCell::new(None) };
}

/// Records that `phase` took the time since `since` (when timings are being collected), and
/// restarts `since`.
pub(crate) fn phase_done(phase: &'static str, since: &mut std::time::Instant) {
    let now = std::time::Instant::now();
    TIMINGS.with(|t| {
        if let Some(v) = t.borrow_mut().as_mut() {
            v.push((phase, now - *since));
        }
    });
    *since = now;
}

/// A row's own savepoint, so that a failing row is rolled back alone (the three sheet kinds).
pub(crate) mod row_savepoint {
    use rusqlite::Connection;

    pub fn open(conn: &Connection) -> rusqlite::Result<()> {
        conn.prepare_cached("SAVEPOINT import_row")?.execute([])?;
        Ok(())
    }

    /// The row succeeded: its writes stay in the import's transaction.
    pub fn keep(conn: &Connection) -> rusqlite::Result<()> {
        conn.prepare_cached("RELEASE import_row")?.execute([])?;
        Ok(())
    }

    /// The row failed: nothing of it stays.
    pub fn roll_back(conn: &Connection) -> rusqlite::Result<()> {
        conn.execute_batch("ROLLBACK TO import_row; RELEASE import_row")
    }
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
        TIMINGS.with(|t| *t.borrow_mut() = Some(Vec::new()));
        let out = self.import_file(path, options, apply);
        let timings = TIMINGS.with(|t| t.borrow_mut().take()).unwrap_or_default();
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
            if sheet.rows.len()
                <= SEARCH_INDEX_AFTER_ROWS.load(std::sync::atomic::Ordering::Relaxed)
            {
                crate::search::refresh_index(tx)?;
            }
            *t = std::time::Instant::now();
            plan.applied = true;
            Ok(plan)
        })
    }
}

/// One fuzz input: any bytes through format detection, the readers, header detection (project
/// and activities sheets), column mapping and every cell parser; as text, through the amount,
/// date, stage, header and company-name parsers. Must return (a refusal is fine), never panic.
/// Shared by the cargo-fuzz target and the bounded runner (`examples/fuzz_import.rs`).
pub fn fuzz_one(data: &[u8]) {
    let _ = parse_only(data);
    if let Ok(sheets) = read::read(data) {
        for s in &sheets {
            let _ = activities::detect(s);
            let _ = companies::detect(s);
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let cell = parse::Cell::Text(text.to_string());
        let _ = parse::parse_amount(&cell, MoneyUnit::Wan);
        let _ = parse::parse_date(&cell);
        let _ = parse::parse_stage(text);
        let _ = header::field_for_header(text);
        let _ = activities::parse_kind(text);
        let _ = crate::companies::names::normalize(text);
    }
}

/// Reads and parses a file without a ledger: the header, the mapping and every mapped cell of
/// every data row. Returns (data rows, cells that failed to parse). For fuzzing and quick checks.
pub fn parse_only(bytes: &[u8]) -> std::result::Result<(usize, usize), String> {
    use header::Field as F;
    let sheets = read::read(bytes)?;
    let sheet = sheets.first().ok_or("文件中没有工作表。")?;
    let head = header::detect(sheet)?;
    let mut failed = 0;
    let rows = &sheet.rows[head.data_start.min(sheet.rows.len())..];
    for row in rows {
        for col in &head.columns {
            let cell = row.get(col.column as usize);
            let ok = match col.field {
                Some(F::TotalInvestment) => {
                    parse::parse_amount(cell, col.unit.unwrap_or(MoneyUnit::Wan)).is_ok()
                }
                Some(
                    F::RegisteredOn | F::SignedOn | F::StartedOn | F::OperatingOn | F::StageOn,
                ) => parse::parse_date(cell).is_ok(),
                Some(F::Stage) => parse::parse_stage(&cell.text()).is_ok(),
                Some(F::KeyProject | F::Enclave | F::Relocation | F::HighEnergy) => {
                    parse::parse_flag(cell).is_ok()
                }
                Some(F::CreditCode) if !cell.is_empty() => {
                    crate::companies::credit_code::normalize(&cell.text()).is_ok()
                }
                _ => {
                    let _ = crate::companies::names::normalize(&cell.text());
                    true
                }
            };
            failed += usize::from(!ok);
        }
    }
    Ok((rows.len(), failed))
}
