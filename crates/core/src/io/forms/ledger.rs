//! The forms on `Ledger`.

use chrono::NaiveDate;

use crate::error::Result;
use crate::ledger::Ledger;

use super::columns::{column_catalogue, FormColumnInfo};
use super::types::{ExportTemplate, ExportTemplateInput};
use super::{render, templates};

impl Ledger {
    /// Every template: the built-ins first, then the office's by name.
    pub fn form_templates(&self) -> Result<Vec<ExportTemplate>> {
        templates::list(self.connection())
    }
    /// A template by id or by name.
    pub fn form_template(&self, id_or_name: &str) -> Result<ExportTemplate> {
        templates::find(self.connection(), id_or_name)
    }
    pub fn form_columns(&self) -> Vec<FormColumnInfo> {
        column_catalogue()
    }
    pub fn create_form_template(&mut self, input: &ExportTemplateInput) -> Result<ExportTemplate> {
        self.write(|tx, _| templates::create(tx, input))
    }
    pub fn update_form_template(
        &mut self,
        id: &str,
        input: &ExportTemplateInput,
    ) -> Result<ExportTemplate> {
        self.write(|tx, _| templates::update(tx, id, input))
    }
    pub fn delete_form_template(&mut self, id: &str) -> Result<()> {
        self.write(|tx, _| templates::delete(tx, id))
    }
    /// The form of template `id_or_name` for the week or month holding `date`, as .xlsx.
    pub fn export_form(&self, id_or_name: &str, date: NaiveDate) -> Result<Vec<u8>> {
        let t = self.form_template(id_or_name)?;
        render::form_xlsx(self, &t, date)
    }
    /// The file name a saved form suggests: «在谈项目信息采集表（2026年12月4日）.xlsx».
    pub fn form_file_name(&self, id_or_name: &str, date: NaiveDate) -> Result<String> {
        let t = self.form_template(id_or_name)?;
        Ok(format!("{}（{}）.xlsx", t.name, crate::util::zh_date(date)))
    }
}
