//! 重复企业 commands (issue 4): likely duplicate companies and 合并企业. Thin wrappers over
//! `zhaoshang-core`'s `company_names` (the merge is one change-logged action, undone by 撤销).

use serde::Serialize;
use tauri::State;
use zhaoshang_core::companies::names::{DuplicateCompany, DuplicateGroup};
use zhaoshang_core::storage::undo::UndoableAction;

use crate::commands::{read, run};
use crate::{AppError, AppState};

type Res<T> = Result<T, AppError>;

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
