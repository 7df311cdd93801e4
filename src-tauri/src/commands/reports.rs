//! 报表 commands: the report of a scope and period (with its 同比), the period a dashboard opens
//! on, and the 目标 it measures against.

use tauri::State;
use zhaoshang_core::*;

use crate::state::{read, run, AppState, Res};

#[tauri::command]
#[specta::specta]
pub async fn suggested_period(state: State<'_, AppState>) -> Res<Period> {
    run(state, |l| l.suggested_period()).await
}

#[tauri::command]
#[specta::specta]
pub async fn report(state: State<'_, AppState>, query: ReportQuery) -> Res<Report> {
    run(state, move |l| l.report(&query)).await
}

#[tauri::command]
#[specta::specta]
pub async fn targets(state: State<'_, AppState>, year: Option<i32>) -> Res<Vec<Target>> {
    read(state, move |l| l.targets(year)).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_target(state: State<'_, AppState>, input: TargetInput) -> Res<Target> {
    run(state, move |l| l.create_target(&input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_target(
    state: State<'_, AppState>,
    id: String,
    input: TargetInput,
) -> Res<Target> {
    run(state, move |l| l.update_target(&id, &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_target(state: State<'_, AppState>, id: String) -> Res<()> {
    run(state, move |l| l.delete_target(&id)).await
}
