//! 修改记录, 撤销 and 回收站 commands: a record's history, undoing this device's latest action,
//! and the deleted records that can be restored.

use tauri::State;
use zhaoshang_core::storage::changelog::ChangeEntry;
use zhaoshang_core::storage::undo::{DeletedRecord, UndoableAction};

use crate::state::{read, run, AppState, Res};

#[tauri::command]
#[specta::specta]
pub async fn record_history(
    state: State<'_, AppState>,
    table: String,
    id: String,
) -> Res<Vec<ChangeEntry>> {
    read(state, move |l| l.history(&table, &id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn last_undoable(state: State<'_, AppState>) -> Res<Option<UndoableAction>> {
    run(state, |l| l.last_undoable()).await
}

#[tauri::command]
#[specta::specta]
pub async fn undo(state: State<'_, AppState>, tx_id: String) -> Res<UndoableAction> {
    run(state, move |l| l.undo(&tx_id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn recycle_bin(state: State<'_, AppState>) -> Res<Vec<DeletedRecord>> {
    read(state, |l| l.recycle_bin(200)).await
}
