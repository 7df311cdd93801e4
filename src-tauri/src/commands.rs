//! Every command the UI may call. Each is one line over `zhaoshang_core::Ledger`.

use serde::Serialize;
use tauri::State;
use tauri_specta::{collect_commands, Builder};
use zhaoshang_core::projects::follow_ups::{FollowUpQuery, FollowUps};
use zhaoshang_core::storage::changelog::ChangeEntry;
use zhaoshang_core::storage::undo::{DeletedRecord, UndoableAction};
use zhaoshang_core::*;

use crate::{AppError, AppState};

type Res<T> = Result<T, AppError>;

/// Runs `f` on the open ledger on a blocking thread (SQLite work stays off the UI thread).
/// Every command module uses it (or [`run_app`] / [`read`]).
pub(crate) async fn run<T: Send + 'static>(
    state: State<'_, AppState>,
    f: impl FnOnce(&mut Ledger) -> zhaoshang_core::Result<T> + Send + 'static,
) -> Res<T> {
    run_app(state, move |l| f(l).map_err(AppError::from)).await
}

/// [`run`] for work that makes its own [`AppError`]s (e.g. file names checked in the shell).
pub(crate) async fn run_app<T: Send + 'static>(
    state: State<'_, AppState>,
    f: impl FnOnce(&mut Ledger) -> Res<T> + Send + 'static,
) -> Res<T> {
    let ledger = state.ledger.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let mut guard = ledger.lock().unwrap_or_else(|e| e.into_inner());
        let l = guard
            .as_mut()
            .ok_or_else(|| AppError::internal("台账文件未能打开。"))?;
        f(l)
    })
    .await
    .map_err(|e| AppError::internal(format!("后台任务失败：{e}")))?
}

/// Like `run`, on the read connection (lists, searches, detail pages); the writer when there
/// is none.
pub(crate) async fn read<T: Send + 'static>(
    state: State<'_, AppState>,
    f: impl FnOnce(&Ledger) -> zhaoshang_core::Result<T> + Send + 'static,
) -> Res<T> {
    let reader = state.reader.clone();
    let writer = state.ledger.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let guard = reader.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(l) = guard.as_ref() {
            return f(l).map_err(AppError::from);
        }
        drop(guard);
        let guard = writer.lock().unwrap_or_else(|e| e.into_inner());
        let l = guard
            .as_ref()
            .ok_or_else(|| AppError::internal("台账文件未能打开。"))?;
        f(l).map_err(AppError::from)
    })
    .await
    .map_err(|e| AppError::internal(format!("后台任务失败：{e}")))?
}

#[derive(Serialize, specta::Type)]
pub struct AppStatus {
    pub ledger_path: String,
    /// Set when the ledger could not be opened (corrupt, newer version, …).
    pub open_error: Option<AppError>,
    /// First launch: offer the demo ledger or an empty one.
    pub needs_setup: bool,
    pub office_name: Option<String>,
}

#[tauri::command]
#[specta::specta]
async fn app_status(state: State<'_, AppState>) -> Res<AppStatus> {
    let open_error = state
        .open_error
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let ledger_path = state.path.display().to_string();
    if open_error.is_some() {
        return Ok(AppStatus {
            ledger_path,
            open_error,
            needs_setup: false,
            office_name: None,
        });
    }
    run(state, move |l| {
        Ok(AppStatus {
            ledger_path,
            open_error: None,
            needs_setup: l.needs_setup()?,
            office_name: l.office_name()?,
        })
    })
    .await
}

/// First launch: fill the (blank) ledger with the demo office.
#[tauri::command]
#[specta::specta]
async fn setup_demo(state: State<'_, AppState>) -> Res<()> {
    let path = state.path.clone();
    let ledger = state.ledger.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let mut guard = ledger.lock().unwrap_or_else(|e| e.into_inner());
        *guard = None;
        let demo = zhaoshang_demo::create_demo_ledger(&path);
        *guard = Some(match demo {
            Ok(l) => l,
            Err(e) => {
                *guard = Ledger::open(&path).ok();
                return Err(AppError::from(e));
            }
        });
        Ok(())
    })
    .await
    .map_err(|e| AppError::internal(e.to_string()))?
}

#[tauri::command]
#[specta::specta]
async fn setup_empty(state: State<'_, AppState>, office_name: Option<String>) -> Res<()> {
    run(state, move |l| l.finish_setup(office_name.as_deref())).await
}

#[tauri::command]
#[specta::specta]
async fn suggested_period(state: State<'_, AppState>) -> Res<Period> {
    run(state, |l| l.suggested_period()).await
}

#[tauri::command]
#[specta::specta]
async fn report(state: State<'_, AppState>, query: ReportQuery) -> Res<Report> {
    run(state, move |l| l.report(&query)).await
}

#[tauri::command]
#[specta::specta]
async fn list_projects(state: State<'_, AppState>, filter: ProjectFilter) -> Res<ProjectPage> {
    read(state, move |l| l.list_projects(&filter)).await
}

#[tauri::command]
#[specta::specta]
async fn project(state: State<'_, AppState>, id: String) -> Res<Project> {
    read(state, move |l| l.project(&id)).await
}

#[tauri::command]
#[specta::specta]
async fn stage_history(state: State<'_, AppState>, project_id: String) -> Res<Vec<StageChange>> {
    read(state, move |l| l.stage_history(&project_id)).await
}

#[tauri::command]
#[specta::specta]
async fn project_activities(state: State<'_, AppState>, project_id: String) -> Res<Vec<Activity>> {
    read(state, move |l| l.project_activities(&project_id)).await
}

#[tauri::command]
#[specta::specta]
async fn record_history(
    state: State<'_, AppState>,
    table: String,
    id: String,
) -> Res<Vec<ChangeEntry>> {
    read(state, move |l| l.history(&table, &id)).await
}

#[tauri::command]
#[specta::specta]
async fn create_project(state: State<'_, AppState>, input: NewProject) -> Res<Project> {
    run(state, move |l| l.create_project(&input)).await
}

#[tauri::command]
#[specta::specta]
async fn update_project(
    state: State<'_, AppState>,
    id: String,
    input: ProjectInput,
) -> Res<Project> {
    run(state, move |l| l.update_project(&id, &input)).await
}

#[tauri::command]
#[specta::specta]
async fn delete_project(state: State<'_, AppState>, id: String) -> Res<()> {
    run(state, move |l| l.delete_project(&id)).await
}

#[tauri::command]
#[specta::specta]
async fn restore_project(state: State<'_, AppState>, id: String) -> Res<Project> {
    run(state, move |l| l.restore_project(&id)).await
}

#[tauri::command]
#[specta::specta]
async fn record_stage_change(
    state: State<'_, AppState>,
    project_id: String,
    input: StageChangeInput,
) -> Res<Project> {
    run(state, move |l| l.record_stage_change(&project_id, &input)).await
}

#[tauri::command]
#[specta::specta]
async fn delete_stage_change(state: State<'_, AppState>, change_id: String) -> Res<Project> {
    run(state, move |l| l.delete_stage_change(&change_id)).await
}

#[tauri::command]
#[specta::specta]
async fn create_activity(state: State<'_, AppState>, input: ActivityInput) -> Res<Activity> {
    run(state, move |l| l.create_activity(&input)).await
}

#[tauri::command]
#[specta::specta]
async fn delete_activity(state: State<'_, AppState>, id: String) -> Res<()> {
    run(state, move |l| l.delete_activity(&id)).await
}

#[tauri::command]
#[specta::specta]
async fn restore_activity(state: State<'_, AppState>, id: String) -> Res<Activity> {
    run(state, move |l| l.restore_activity(&id)).await
}

#[tauri::command]
#[specta::specta]
async fn restore_company(state: State<'_, AppState>, id: String) -> Res<Company> {
    run(state, move |l| l.restore_company(&id)).await
}

#[tauri::command]
#[specta::specta]
async fn recent_activities(state: State<'_, AppState>, limit: u32) -> Res<Vec<Activity>> {
    read(state, move |l| l.recent_activities(limit)).await
}

#[tauri::command]
#[specta::specta]
async fn search_companies(
    state: State<'_, AppState>,
    query: String,
    limit: u32,
) -> Res<Vec<Company>> {
    read(state, move |l| l.search_companies(&query, limit)).await
}

#[tauri::command]
#[specta::specta]
async fn create_company(state: State<'_, AppState>, input: CompanyInput) -> Res<Company> {
    run(state, move |l| l.create_company(&input)).await
}

#[tauri::command]
#[specta::specta]
async fn search_divisions(
    state: State<'_, AppState>,
    query: String,
    limit: u32,
) -> Res<Vec<Division>> {
    read(state, move |l| l.search_divisions(&query, limit)).await
}

#[tauri::command]
#[specta::specta]
async fn teams(state: State<'_, AppState>) -> Res<Vec<Team>> {
    read(state, |l| l.teams()).await
}

#[tauri::command]
#[specta::specta]
async fn create_team(state: State<'_, AppState>, name: String) -> Res<Team> {
    run(state, move |l| l.create_team(&name)).await
}

#[tauri::command]
#[specta::specta]
async fn delete_team(state: State<'_, AppState>, id: String) -> Res<()> {
    run(state, move |l| l.delete_team(&id)).await
}

#[tauri::command]
#[specta::specta]
async fn officers(state: State<'_, AppState>) -> Res<Vec<Officer>> {
    read(state, |l| l.officers()).await
}

#[tauri::command]
#[specta::specta]
async fn create_officer(state: State<'_, AppState>, input: OfficerInput) -> Res<Officer> {
    run(state, move |l| l.create_officer(&input)).await
}

#[tauri::command]
#[specta::specta]
async fn delete_officer(state: State<'_, AppState>, id: String) -> Res<()> {
    run(state, move |l| l.delete_officer(&id)).await
}

#[tauri::command]
#[specta::specta]
async fn industries(state: State<'_, AppState>) -> Res<Vec<Industry>> {
    read(state, |l| l.industries()).await
}

#[tauri::command]
#[specta::specta]
async fn create_industry(state: State<'_, AppState>, name: String) -> Res<Industry> {
    run(state, move |l| l.create_industry(&name)).await
}

#[tauri::command]
#[specta::specta]
async fn delete_industry(state: State<'_, AppState>, id: String) -> Res<()> {
    run(state, move |l| l.delete_industry(&id)).await
}

#[tauri::command]
#[specta::specta]
async fn region_groups(state: State<'_, AppState>) -> Res<Vec<RegionGroup>> {
    read(state, |l| l.region_groups()).await
}

#[tauri::command]
#[specta::specta]
async fn targets(state: State<'_, AppState>, year: Option<i32>) -> Res<Vec<Target>> {
    read(state, move |l| l.targets(year)).await
}

#[tauri::command]
#[specta::specta]
async fn create_target(state: State<'_, AppState>, input: TargetInput) -> Res<Target> {
    run(state, move |l| l.create_target(&input)).await
}

#[tauri::command]
#[specta::specta]
async fn delete_target(state: State<'_, AppState>, id: String) -> Res<()> {
    run(state, move |l| l.delete_target(&id)).await
}

#[tauri::command]
#[specta::specta]
async fn follow_ups(state: State<'_, AppState>, query: FollowUpQuery) -> Res<FollowUps> {
    read(state, move |l| l.follow_ups(&query)).await
}

#[tauri::command]
#[specta::specta]
async fn last_undoable(state: State<'_, AppState>) -> Res<Option<UndoableAction>> {
    run(state, |l| l.last_undoable()).await
}

#[tauri::command]
#[specta::specta]
async fn undo(state: State<'_, AppState>, tx_id: String) -> Res<UndoableAction> {
    run(state, move |l| l.undo(&tx_id)).await
}

#[tauri::command]
#[specta::specta]
async fn recycle_bin(state: State<'_, AppState>) -> Res<Vec<DeletedRecord>> {
    read(state, |l| l.recycle_bin(200)).await
}

pub fn builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new().commands(collect_commands![
        app_status,
        setup_demo,
        setup_empty,
        suggested_period,
        report,
        list_projects,
        project,
        stage_history,
        project_activities,
        record_history,
        create_project,
        update_project,
        delete_project,
        restore_project,
        record_stage_change,
        delete_stage_change,
        create_activity,
        delete_activity,
        restore_activity,
        restore_company,
        recent_activities,
        search_companies,
        create_company,
        search_divisions,
        teams,
        create_team,
        delete_team,
        officers,
        create_officer,
        delete_officer,
        industries,
        create_industry,
        delete_industry,
        region_groups,
        targets,
        create_target,
        delete_target,
        follow_ups,
        last_undoable,
        undo,
        recycle_bin,
        crate::security_commands::security_status,
        crate::security_commands::save_security_settings,
        crate::security_commands::unlock,
        crate::security_commands::lock_ledger,
        crate::security_commands::set_passphrase,
        crate::security_commands::backup_now,
        crate::security_commands::delete_plaintext_backups,
        crate::security_commands::newest_good_backup,
        crate::security_commands::restore_backup,
        crate::ledger_io_commands::import_stage_file,
        crate::ledger_io_commands::import_stage_path,
        crate::ledger_io_commands::import_preview,
        crate::ledger_io_commands::import_apply,
        crate::ledger_io_commands::export_projects,
        crate::ledger_io_commands::export_report,
        crate::sync_commands::sync_status,
        crate::sync_commands::set_device_label,
        crate::sync_commands::export_sync_bundle,
        crate::sync_commands::import_sync_bundles,
        crate::sync_commands::sync_conflicts,
        crate::sync_commands::resolve_sync_conflict,
        crate::sync_commands::sync_conflict_count,
        crate::sync_commands::take_opened_sync_file,
        crate::sync_commands::office_server,
        crate::sync_commands::office_server_login,
        crate::sync_commands::office_server_logout,
        crate::sync_commands::office_server_sync,
        crate::ledger_io_commands::open_folder,
        crate::ledger_io_commands::search,
        crate::company_commands::duplicate_companies,
        crate::company_commands::merge_companies,
        crate::companies_screen_commands::list_companies,
        crate::companies_screen_commands::company_detail,
        crate::companies_screen_commands::update_company,
    ])
}
