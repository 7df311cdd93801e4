//! 搜索 commands: the header's search box and its 别名 (简称, former names).

use tauri::State;
use zhaoshang_core::search::{Alias, SearchHit};

use crate::state::{read, run, AppState, Res};

/// 搜索: projects, companies and officers by name, pinyin, initials, 繁/简 or alias.
#[tauri::command]
#[specta::specta]
pub async fn search(state: State<'_, AppState>, query: String, limit: u32) -> Res<Vec<SearchHit>> {
    // The box shows at most 100 hits; an empty query finds nothing (the core's rule).
    read(state, move |l| l.search(&query, limit.min(100))).await
}

#[tauri::command]
#[specta::specta]
pub async fn search_aliases(state: State<'_, AppState>) -> Res<Vec<Alias>> {
    read(state, |l| l.search_aliases()).await
}

/// 别名: `alias` (凌钢) finds what `canonical` (凌源钢铁) finds.
#[tauri::command]
#[specta::specta]
pub async fn add_search_alias(
    state: State<'_, AppState>,
    alias: String,
    canonical: String,
) -> Res<()> {
    run(state, move |l| l.add_search_alias(&alias, &canonical)).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_search_alias(state: State<'_, AppState>, id: String) -> Res<()> {
    run(state, move |l| l.delete_search_alias(&id)).await
}
