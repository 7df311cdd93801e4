//! 督办 commands: 交办单 on projects (交办, 开始办理, 办结, 重新办理, edit, delete), the 督办
//! list with 催办/督办 marks, and its .xlsx.

use tauri::{AppHandle, State};
use zhaoshang_core::assignments::{
    Assignment, AssignmentFilter, AssignmentInput, AssignmentRow, FinishInput,
};

use crate::commands::io::{write_export, ExportedFile};
use crate::state::{read, run, run_app, AppState, Res};

#[tauri::command]
#[specta::specta]
pub async fn assignments(
    state: State<'_, AppState>,
    filter: AssignmentFilter,
) -> Res<Vec<AssignmentRow>> {
    read(state, move |l| l.assignments(&filter)).await
}

#[tauri::command]
#[specta::specta]
pub async fn project_assignments(
    state: State<'_, AppState>,
    project_id: String,
) -> Res<Vec<AssignmentRow>> {
    read(state, move |l| l.project_assignments(&project_id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_assignment(
    state: State<'_, AppState>,
    input: AssignmentInput,
) -> Res<Assignment> {
    run(state, move |l| l.create_assignment(&input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_assignment(
    state: State<'_, AppState>,
    id: String,
    input: AssignmentInput,
) -> Res<Assignment> {
    run(state, move |l| l.update_assignment(&id, &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn start_assignment(state: State<'_, AppState>, id: String) -> Res<Assignment> {
    run(state, move |l| l.start_assignment(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn finish_assignment(
    state: State<'_, AppState>,
    id: String,
    input: FinishInput,
) -> Res<Assignment> {
    run(state, move |l| l.finish_assignment(&id, &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn reopen_assignment(state: State<'_, AppState>, id: String) -> Res<Assignment> {
    run(state, move |l| l.reopen_assignment(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_assignment(state: State<'_, AppState>, id: String) -> Res<()> {
    run(state, move |l| l.delete_assignment(&id)).await
}

/// 导出督办清单: the list with its current filter, as .xlsx in the export folder.
#[tauri::command]
#[specta::specta]
pub async fn export_assignments(
    app: AppHandle,
    state: State<'_, AppState>,
    filter: AssignmentFilter,
) -> Res<ExportedFile> {
    run_app(state, move |l| {
        let bytes = l.export_assignments_xlsx(&filter)?;
        let stem = format!("督办清单-{}", l.today().format("%Y-%m-%d"));
        write_export(&app, &stem, "xlsx", &bytes)
    })
    .await
}
