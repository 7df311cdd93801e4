//! A row's 年度计划投资, 完成投资 and 形象进度 written to the project's year
//! (`projects::years`). The year comes from the column's header («2022年计划投资»), else the
//! import's year (the year of «today»); the month of a 完成投资 figure from its header («1-6月»,
//! «截至6月底»), else December of a past year or the current month of this one.

use chrono::Datelike;

use super::lookups::Ctx;
use super::parse_row::Parsed;
use crate::error::Result;
use crate::io::import::header::Field;
use crate::io::import::plan::RowAction;
use crate::projects::years::{self, ProjectYearInput};
use crate::util::zh_money;

/// The year a header names («2022年…», «2022年度…»), if any.
pub(crate) fn header_year(header: &str) -> Option<i32> {
    let chars: Vec<char> = header.chars().collect();
    (0..chars.len().saturating_sub(4)).find_map(|i| {
        let digits: String = chars[i..i + 4].iter().collect();
        let before_ok = i == 0 || !chars[i - 1].is_ascii_digit();
        (before_ok && chars[i + 4] == '年' && digits.chars().all(|c| c.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
            .filter(|y| (2000..=2100).contains(y))
    })
}

/// The month a 完成投资 header ends at («1-6月» → 6, «截至6月底» → 6, «上半年» → 6), if any.
pub(crate) fn header_month(header: &str) -> Option<u32> {
    if header.contains("上半年") {
        return Some(6);
    }
    if header.contains("全年") {
        return Some(12);
    }
    let chars: Vec<char> = header.chars().collect();
    let mut found = None;
    for (i, c) in chars.iter().enumerate() {
        if *c != '月' {
            continue;
        }
        let digits: String = chars[..i]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if let Ok(m) = digits.parse::<u32>() {
            if (1..=12).contains(&m) {
                found = Some(m);
            }
        }
    }
    found
}

impl Ctx<'_> {
    fn column_year(&self, field: Field) -> i32 {
        self.head
            .column(field)
            .and_then(|c| header_year(&c.header))
            .unwrap_or(self.today.year())
    }

    /// Writes the row's year figures on the project; an unchanged row that changed its year
    /// becomes an update. Returns the row's action.
    pub(super) fn years(
        &mut self,
        p: &Parsed,
        project_id: Option<&str>,
        action: RowAction,
        notes: &mut Vec<String>,
    ) -> Result<RowAction> {
        let Some(project_id) = project_id else {
            return Ok(action);
        };
        if p.planned_investment.is_none()
            && p.completed_investment.is_none()
            && p.progress.is_none()
        {
            return Ok(action);
        }
        // The year of the plan column, else of the 完成投资 column, else the import's.
        let year = [
            Field::PlannedInvestment,
            Field::CompletedInvestment,
            Field::Progress,
        ]
        .into_iter()
        .find_map(|f| self.head.column(f).and_then(|c| header_year(&c.header)))
        .unwrap_or_else(|| self.column_year(Field::PlannedInvestment));
        let before = years::get(self.conn, project_id, year)?;
        let mut input = match &before {
            Some(y) => ProjectYearInput {
                year,
                planned_investment: y.planned_investment,
                completed_by_month: y.completed_by_month.clone(),
                progress: y.progress.clone(),
            },
            None => ProjectYearInput {
                year,
                completed_by_month: vec![None; 12],
                ..Default::default()
            },
        };
        let mut said = Vec::new();
        if let Some(v) = p.planned_investment {
            if input.planned_investment != Some(v) {
                said.push(format!("{year}年计划投资{}", zh_money(v)));
            }
            input.planned_investment = Some(v);
        }
        if let Some(v) = p.completed_investment {
            let header = self
                .head
                .column(Field::CompletedInvestment)
                .map(|c| c.header.as_str())
                .unwrap_or_default();
            let month = header_month(header).unwrap_or(if year < self.today.year() {
                12
            } else {
                self.today.month()
            });
            let slot = &mut input.completed_by_month[month as usize - 1];
            if *slot != Some(v) {
                said.push(format!(
                    "{}完成投资{}",
                    crate::reports::plans::months_label(1, month),
                    zh_money(v)
                ));
            }
            *slot = Some(v);
        }
        if let Some(t) = &p.progress {
            if input.progress.as_deref() != Some(t.as_str()) {
                said.push(format!(
                    "形象进度“{}”",
                    t.chars().take(20).collect::<String>()
                ));
            }
            input.progress = Some(t.clone());
        }
        if said.is_empty() {
            return Ok(action);
        }
        years::set(self.conn, project_id, &input, self.today)?;
        let what = format!("登记{}", said.join("、"));
        Ok(match action {
            RowAction::Unchanged => {
                notes.retain(|n| n != "与台账一致");
                notes.insert(0, format!("更新已有项目：{what}"));
                RowAction::Update
            }
            other => {
                notes.push(what);
                other
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_and_month_from_headers() {
        assert_eq!(header_year("2022年计划投资(万元)"), Some(2022));
        assert_eq!(header_year("2023年度投资计划"), Some(2023));
        assert_eq!(header_year("年度计划投资"), None);
        assert_eq!(header_year("12022年计划投资"), None);
        assert_eq!(header_month("1-6月完成投资"), Some(6));
        assert_eq!(header_month("截至6月底完成投资(亿元)"), Some(6));
        assert_eq!(header_month("2022年1-10月完成投资"), Some(10));
        assert_eq!(header_month("上半年完成投资"), Some(6));
        assert_eq!(header_month("累计完成投资"), None);
    }
}
