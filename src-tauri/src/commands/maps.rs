//! 招商地图 command: the report's counts of a scope and period by place (`reports/origin_map.rs`).

use tauri::State;
use zhaoshang_core::reports::OriginMap;
use zhaoshang_core::*;

use crate::state::{run, AppState, Res};

#[tauri::command]
#[specta::specta]
pub async fn origin_map(state: State<'_, AppState>, query: ReportQuery) -> Res<OriginMap> {
    run(state, move |l| l.origin_map(&query)).await
}
