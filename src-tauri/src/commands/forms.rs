//! 上报报表 commands: the export templates (built-ins first), their columns, editing them, and
//! exporting a template's form for the week or month holding a date.

use chrono::NaiveDate;
use tauri::{AppHandle, State};
use zhaoshang_core::io::forms::{ExportTemplate, ExportTemplateInput, FormColumnInfo};

use crate::commands::io::{write_export, ExportedFile};
use crate::state::{read, run, run_app, AppState, Res};

#[tauri::command]
#[specta::specta]
pub async fn form_templates(state: State<'_, AppState>) -> Res<Vec<ExportTemplate>> {
    read(state, |l| l.form_templates()).await
}

#[tauri::command]
#[specta::specta]
pub async fn form_columns(state: State<'_, AppState>) -> Res<Vec<FormColumnInfo>> {
    read(state, |l| Ok(l.form_columns())).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_form_template(
    state: State<'_, AppState>,
    input: ExportTemplateInput,
) -> Res<ExportTemplate> {
    run(state, move |l| l.create_form_template(&input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_form_template(
    state: State<'_, AppState>,
    id: String,
    input: ExportTemplateInput,
) -> Res<ExportTemplate> {
    run(state, move |l| l.update_form_template(&id, &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_form_template(state: State<'_, AppState>, id: String) -> Res<()> {
    run(state, move |l| l.delete_form_template(&id)).await
}

/// 导出上报报表: the form of template `id` for the week or month holding `date`, as .xlsx in
/// the export folder.
#[tauri::command]
#[specta::specta]
pub async fn export_form(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    date: NaiveDate,
) -> Res<ExportedFile> {
    run_app(state, move |l| {
        let bytes = l.export_form(&id, date)?;
        let stem = format!("{}-{}", l.form_template(&id)?.name, date.format("%Y-%m-%d"));
        write_export(&app, &stem, "xlsx", &bytes)
    })
    .await
}
