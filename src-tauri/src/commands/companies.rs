//! 企业 commands: searching and creating a company (the project form's investor), 企业库 (the
//! list a page at a time, a company's page, saving its fields), restoring one, and 重复企业 with
//! 合并企业 (one change-logged action, undone by 撤销). A refused edit comes back as
//! {kind, message, field}.

use serde::Serialize;
use tauri::State;
use zhaoshang_core::companies::duplicates::{DuplicateCompany, DuplicateGroup};
use zhaoshang_core::storage::undo::UndoableAction;
use zhaoshang_core::*;

use crate::state::{read, run, AppState, Res};

#[tauri::command]
#[specta::specta]
pub async fn restore_company(state: State<'_, AppState>, id: String) -> Res<Company> {
    run(state, move |l| l.restore_company(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn search_companies(
    state: State<'_, AppState>,
    query: String,
    limit: u32,
) -> Res<Vec<Company>> {
    read(state, move |l| l.search_companies(&query, limit)).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_company(state: State<'_, AppState>, input: CompanyInput) -> Res<Company> {
    run(state, move |l| l.create_company(&input)).await
}

/// 企业库: companies matching the filter, by name.
#[tauri::command]
#[specta::specta]
pub async fn list_companies(state: State<'_, AppState>, filter: CompanyFilter) -> Res<CompanyPage> {
    read(state, move |l| l.list_companies(&filter)).await
}

/// A company with its projects (and their stages) and its activities, newest first.
#[tauri::command]
#[specta::specta]
pub async fn company_detail(state: State<'_, AppState>, id: String) -> Res<CompanyDetail> {
    read(state, move |l| l.company_detail(&id)).await
}

/// Saves every field of a company (checked in the core: names, lengths, credit code, origin,
/// 注册资本 ≥ 0).
#[tauri::command]
#[specta::specta]
pub async fn update_company(
    state: State<'_, AppState>,
    id: String,
    input: CompanyInput,
) -> Res<Company> {
    run(state, move |l| l.update_company(&id, &input)).await
}

/// What a merge left: the kept company with its counts, the merged-away name, and the 撤销
/// that takes the merge back.
#[derive(Serialize, specta::Type)]
pub struct CompaniesMerged {
    pub kept: DuplicateCompany,
    pub merged_name: String,
    pub undo: Option<UndoableAction>,
}

/// Groups of likely duplicate companies, each with its reason (same credit code or name).
#[tauri::command]
#[specta::specta]
pub async fn duplicate_companies(state: State<'_, AppState>) -> Res<Vec<DuplicateGroup>> {
    read(state, |l| l.duplicate_companies()).await
}

/// Merges company `merge_id` into `keep_id`: projects, activities and stage history move over,
/// the merged one goes to 回收站.
#[tauri::command]
#[specta::specta]
pub async fn merge_companies(
    state: State<'_, AppState>,
    keep_id: String,
    merge_id: String,
) -> Res<CompaniesMerged> {
    run(state, move |l| {
        let merged_name = l.company(&merge_id)?.name;
        l.merge_companies(&keep_id, &merge_id)?;
        Ok(CompaniesMerged {
            kept: l.company_usage(&keep_id)?,
            merged_name,
            undo: l.last_undoable()?,
        })
    })
    .await
}
