//! The plan an import hands back (rows, counts, columns) and the options it takes: the types
//! every sheet kind shares. Imports only the lower readers (`header`, `parse`, `read`).

use serde::{Deserialize, Serialize};

use super::header::{self, ColumnMapping, Field};
use super::parse::MoneyUnit;
use super::read;

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
