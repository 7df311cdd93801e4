//! 招商活动 commands: recording, correcting, deleting and restoring an activity, and the latest
//! ones.

use tauri::State;
use zhaoshang_core::*;

use crate::state::{read, run, AppState, Res};

#[tauri::command]
#[specta::specta]
pub async fn create_activity(state: State<'_, AppState>, input: ActivityInput) -> Res<Activity> {
    run(state, move |l| l.create_activity(&input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_activity(
    state: State<'_, AppState>,
    id: String,
    input: ActivityInput,
) -> Res<Activity> {
    run(state, move |l| l.update_activity(&id, &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_activity(state: State<'_, AppState>, id: String) -> Res<()> {
    run(state, move |l| l.delete_activity(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn restore_activity(state: State<'_, AppState>, id: String) -> Res<Activity> {
    run(state, move |l| l.restore_activity(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn recent_activities(state: State<'_, AppState>, limit: u32) -> Res<Vec<Activity>> {
    read(state, move |l| l.recent_activities(limit)).await
}
