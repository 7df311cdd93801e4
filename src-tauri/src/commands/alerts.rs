//! 预警 commands: the office's rules (list, edit), the projects that trip them (督办 on
//! 跟进提醒), and the reasons officers state for a project with no update.

use tauri::State;
use zhaoshang_core::alerts::{
    AlertList, AlertRule, AlertRuleInput, NoUpdateReason, NoUpdateReasonInput,
};

use crate::state::{read, run, AppState, Res};

#[tauri::command]
#[specta::specta]
pub async fn alert_rules(state: State<'_, AppState>) -> Res<Vec<AlertRule>> {
    read(state, move |l| l.alert_rules()).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_alert_rule(
    state: State<'_, AppState>,
    id: String,
    input: AlertRuleInput,
) -> Res<AlertRule> {
    run(state, move |l| l.update_alert_rule(&id, &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn alerts(state: State<'_, AppState>, limit: u32) -> Res<AlertList> {
    read(state, move |l| l.alert_list(limit)).await
}

#[tauri::command]
#[specta::specta]
pub async fn no_update_reasons(
    state: State<'_, AppState>,
    project_id: String,
) -> Res<Vec<NoUpdateReason>> {
    read(state, move |l| l.no_update_reasons(&project_id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn add_no_update_reason(
    state: State<'_, AppState>,
    input: NoUpdateReasonInput,
) -> Res<NoUpdateReason> {
    run(state, move |l| l.add_no_update_reason(&input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_no_update_reason(state: State<'_, AppState>, id: String) -> Res<()> {
    run(state, move |l| l.delete_no_update_reason(&id)).await
}
