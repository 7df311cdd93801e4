//! 搜索 command: the header's search box.

use tauri::State;
use zhaoshang_core::search::SearchHit;

use crate::state::{read, AppState, Res};

/// 搜索: projects, companies and officers by name, pinyin, initials, 繁/简 or alias.
#[tauri::command]
#[specta::specta]
pub async fn search(state: State<'_, AppState>, query: String, limit: u32) -> Res<Vec<SearchHit>> {
    // The box shows at most 100 hits; an empty query finds nothing (the core's rule).
    read(state, move |l| l.search(&query, limit.min(100))).await
}
