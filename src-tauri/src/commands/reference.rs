//! 基础数据 commands: 行政区划 search, 招商组, 招商专员, 产业 and 产业链, 园区 and 来源区域.

use tauri::State;
use zhaoshang_core::*;

use crate::state::{read, run, AppState, Res};

#[tauri::command]
#[specta::specta]
pub async fn search_divisions(
    state: State<'_, AppState>,
    query: String,
    limit: u32,
) -> Res<Vec<Division>> {
    read(state, move |l| l.search_divisions(&query, limit)).await
}

#[tauri::command]
#[specta::specta]
pub async fn teams(state: State<'_, AppState>) -> Res<Vec<Team>> {
    read(state, |l| l.teams()).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_team(state: State<'_, AppState>, name: String) -> Res<Team> {
    run(state, move |l| l.create_team(&name)).await
}

#[tauri::command]
#[specta::specta]
pub async fn rename_team(state: State<'_, AppState>, id: String, name: String) -> Res<Team> {
    run(state, move |l| l.rename_team(&id, &name)).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_team(state: State<'_, AppState>, id: String) -> Res<()> {
    run(state, move |l| l.delete_team(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn officers(state: State<'_, AppState>) -> Res<Vec<Officer>> {
    read(state, |l| l.officers()).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_officer(state: State<'_, AppState>, input: OfficerInput) -> Res<Officer> {
    run(state, move |l| l.create_officer(&input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_officer(
    state: State<'_, AppState>,
    id: String,
    input: OfficerInput,
) -> Res<Officer> {
    run(state, move |l| l.update_officer(&id, &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_officer(state: State<'_, AppState>, id: String) -> Res<()> {
    run(state, move |l| l.delete_officer(&id)).await
}

/// 离岗: kept on his history, no longer offered in pickers.
#[tauri::command]
#[specta::specta]
pub async fn retire_officer(
    state: State<'_, AppState>,
    id: String,
    on: chrono::NaiveDate,
) -> Res<Officer> {
    run(state, move |l| l.retire_officer(&id, on)).await
}

#[tauri::command]
#[specta::specta]
pub async fn reinstate_officer(state: State<'_, AppState>, id: String) -> Res<Officer> {
    run(state, move |l| l.reinstate_officer(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn industries(state: State<'_, AppState>) -> Res<Vec<Industry>> {
    read(state, |l| l.industries()).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_industry(state: State<'_, AppState>, name: String) -> Res<Industry> {
    run(state, move |l| l.create_industry(&name)).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_industry(state: State<'_, AppState>, id: String) -> Res<()> {
    run(state, move |l| l.delete_industry(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn region_groups(state: State<'_, AppState>) -> Res<Vec<RegionGroup>> {
    read(state, |l| l.region_groups()).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_region_group(state: State<'_, AppState>, name: String) -> Res<RegionGroup> {
    run(state, move |l| l.create_region_group(&name)).await
}

#[tauri::command]
#[specta::specta]
pub async fn rename_region_group(
    state: State<'_, AppState>,
    id: String,
    name: String,
) -> Res<RegionGroup> {
    run(state, move |l| l.rename_region_group(&id, &name)).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_region_group(state: State<'_, AppState>, id: String) -> Res<()> {
    run(state, move |l| l.delete_region_group(&id)).await
}

/// Puts a prefecture-level city into a region group, or (`group_id` null) into none.
#[tauri::command]
#[specta::specta]
pub async fn set_city_region_group(
    state: State<'_, AppState>,
    city_code: String,
    group_id: Option<String>,
) -> Res<()> {
    run(state, move |l| {
        l.set_city_region_group(&city_code, group_id.as_deref())
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn parks(state: State<'_, AppState>) -> Res<Vec<Park>> {
    read(state, |l| l.parks()).await
}

#[tauri::command]
#[specta::specta]
pub async fn park_names(state: State<'_, AppState>) -> Res<Vec<String>> {
    read(state, |l| l.park_names()).await
}

#[tauri::command]
#[specta::specta]
pub async fn unlisted_parks(state: State<'_, AppState>) -> Res<Vec<String>> {
    read(state, |l| l.unlisted_parks()).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_park(state: State<'_, AppState>, name: String) -> Res<Park> {
    run(state, move |l| l.create_park(&name)).await
}

#[tauri::command]
#[specta::specta]
pub async fn rename_park(state: State<'_, AppState>, id: String, name: String) -> Res<Park> {
    run(state, move |l| l.rename_park(&id, &name)).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_park(state: State<'_, AppState>, id: String) -> Res<()> {
    run(state, move |l| l.delete_park(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn industry_chains(state: State<'_, AppState>) -> Res<Vec<IndustryChain>> {
    read(state, |l| l.industry_chains()).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_industry_chain(state: State<'_, AppState>, name: String) -> Res<IndustryChain> {
    run(state, move |l| l.create_industry_chain(&name)).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_industry_chain(state: State<'_, AppState>, id: String) -> Res<()> {
    run(state, move |l| l.delete_industry_chain(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_industry_chain(
    state: State<'_, AppState>,
    industry_id: String,
    chain_id: Option<String>,
) -> Res<()> {
    run(state, move |l| {
        l.set_industry_chain(&industry_id, chain_id.as_deref())
    })
    .await
}
