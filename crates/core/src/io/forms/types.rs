//! The forms' types: templates, their columns, scope and period.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::Stage;
use crate::reports::period::month_end;
use crate::reports::period::Period;

/// One column of a template: a catalogue key and the title printed above it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FormColumn {
    pub key: String,
    pub title: String,
}

/// One sheet per team, per park, or one sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SplitBy {
    #[default]
    None,
    Team,
    Park,
}

impl SplitBy {
    pub fn code(self) -> &'static str {
        match self {
            SplitBy::None => "none",
            SplitBy::Team => "team",
            SplitBy::Park => "park",
        }
    }
    pub fn from_code(code: &str) -> SplitBy {
        match code {
            "team" => SplitBy::Team,
            "park" => SplitBy::Park,
            _ => SplitBy::None,
        }
    }
}

/// The stretch a form covers: the week (Monday–Sunday) or the month holding the chosen date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum FormPeriod {
    #[default]
    Week,
    Month,
}

impl FormPeriod {
    /// The week (Monday–Sunday) or calendar month holding `date`.
    pub fn of(self, date: NaiveDate) -> Period {
        match self {
            FormPeriod::Week => {
                let from = date - Duration::days(date.weekday().num_days_from_monday() as i64);
                Period {
                    from,
                    to: from + Duration::days(6),
                }
            }
            FormPeriod::Month => Period {
                from: date.with_day(1).expect("day 1 exists"),
                to: month_end(date.year(), date.month()),
            },
        }
    }
}

/// Which projects a template lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FormScope {
    /// Stages at the period's end; empty: every stage but 终止.
    #[serde(default)]
    pub stages: Vec<Stage>,
    #[serde(default)]
    pub period: FormPeriod,
}

/// What a template exports: a list of projects, or the 月报's figures (built-in only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    Projects,
    MonthlyFigures,
}

/// An export template (报表模板): a built-in one or one the office defined.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportTemplate {
    pub id: String,
    /// Unique among the live templates (and the built-ins' names).
    pub name: String,
    /// The title row of every sheet (the office's name is put before it).
    pub title: String,
    pub columns: Vec<FormColumn>,
    pub header_counts: bool,
    pub split_by: SplitBy,
    pub scope: FormScope,
    pub kind: FormKind,
    /// Built in: not editable nor deletable (copy it into an editable one).
    pub builtin: bool,
}

/// What a user enters to create or edit a template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportTemplateInput {
    pub name: String,
    pub title: String,
    pub columns: Vec<FormColumn>,
    pub header_counts: bool,
    pub split_by: SplitBy,
    pub scope: FormScope,
}
