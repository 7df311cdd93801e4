//! 企业库 commands: the companies list (search, region group, industry; a page at a time), a
//! company's detail (its projects and activities) and saving its fields. Thin wrappers over
//! `zhaoshang-core`'s `companies`; a refused edit comes back as {kind, message, field}.

use tauri::State;
use zhaoshang_core::{Company, CompanyDetail, CompanyFilter, CompanyInput, CompanyPage};

use crate::commands::{read, run};
use crate::{AppError, AppState};

type Res<T> = Result<T, AppError>;

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
