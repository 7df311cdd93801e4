//! 项目 commands: the project list, a project's page (its stage history and activities), and
//! creating, editing, deleting and restoring projects and their stage changes; 跟进提醒; the
//! stages a new project may start in. One line each over `zhaoshang_core::Ledger`.

use tauri::State;
use zhaoshang_core::projects::follow_ups::{FollowUpQuery, FollowUps};
use zhaoshang_core::projects::stage_rules;
use zhaoshang_core::*;

use crate::state::{read, run, AppState, Res};

#[tauri::command]
#[specta::specta]
pub async fn list_projects(state: State<'_, AppState>, filter: ProjectFilter) -> Res<ProjectPage> {
    read(state, move |l| l.list_projects(&filter)).await
}

#[tauri::command]
#[specta::specta]
pub async fn project(state: State<'_, AppState>, id: String) -> Res<Project> {
    read(state, move |l| l.project(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn stage_history(
    state: State<'_, AppState>,
    project_id: String,
) -> Res<Vec<StageChange>> {
    read(state, move |l| l.stage_history(&project_id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn project_activities(
    state: State<'_, AppState>,
    project_id: String,
) -> Res<Vec<Activity>> {
    read(state, move |l| l.project_activities(&project_id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_project(state: State<'_, AppState>, input: NewProject) -> Res<Project> {
    run(state, move |l| l.create_project(&input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_project(
    state: State<'_, AppState>,
    id: String,
    input: ProjectInput,
) -> Res<Project> {
    run(state, move |l| l.update_project(&id, &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_project(state: State<'_, AppState>, id: String) -> Res<()> {
    run(state, move |l| l.delete_project(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn restore_project(state: State<'_, AppState>, id: String) -> Res<Project> {
    run(state, move |l| l.restore_project(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn record_stage_change(
    state: State<'_, AppState>,
    project_id: String,
    input: StageChangeInput,
) -> Res<Project> {
    run(state, move |l| l.record_stage_change(&project_id, &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_stage_change_date(
    state: State<'_, AppState>,
    change_id: String,
    on: chrono::NaiveDate,
) -> Res<Project> {
    run(state, move |l| l.set_stage_change_date(&change_id, on)).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_stage_change(state: State<'_, AppState>, change_id: String) -> Res<Project> {
    run(state, move |l| l.delete_stage_change(&change_id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn follow_ups(state: State<'_, AppState>, query: FollowUpQuery) -> Res<FollowUps> {
    read(state, move |l| l.follow_ups(&query)).await
}

/// 初始阶段: the stages 新建项目 offers, the default first (the core's `stage_rules`).
#[tauri::command]
#[specta::specta]
pub async fn first_stages() -> Res<Vec<Stage>> {
    Ok(stage_rules::first_stages())
}

#[tauri::command]
#[specta::specta]
pub async fn project_years(
    state: State<'_, AppState>,
    project_id: String,
) -> Res<Vec<zhaoshang_core::projects::years::ProjectYear>> {
    read(state, move |l| l.project_years(&project_id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_project_year(
    state: State<'_, AppState>,
    project_id: String,
    input: zhaoshang_core::projects::years::ProjectYearInput,
) -> Res<Option<zhaoshang_core::projects::years::ProjectYear>> {
    run(state, move |l| l.set_project_year(&project_id, &input)).await
}
