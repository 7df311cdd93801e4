//! Every command the UI may call, one file per domain (named as in the core), and the one
//! builder that lists them (it serves the app and exports `ui/src/bindings.ts`). Each command is
//! one line over `zhaoshang_core` run through `crate::state`; here are the app's own: its status
//! and the first launch's setup.

pub mod activities;
pub mod alerts;
pub mod assessment;
pub mod assignments;
pub mod attachments;
pub mod companies;
pub mod forms;
pub mod io;
pub mod maps;
pub mod projects;
pub mod reference;
pub mod reports;
pub mod search;
pub mod security;
pub mod storage;
pub mod sync;
pub mod trips;

use serde::Serialize;
use tauri::State;
use tauri_specta::{collect_commands, Builder};
use zhaoshang_core::*;

use crate::state::{run, AppState, Res};
use crate::AppError;

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

pub fn builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new().commands(collect_commands![
        app_status,
        setup_demo,
        setup_empty,
        reports::suggested_period,
        reports::report,
        projects::list_projects,
        maps::origin_map,
        projects::project,
        projects::stage_history,
        projects::project_activities,
        storage::record_history,
        projects::create_project,
        projects::update_project,
        projects::delete_project,
        projects::restore_project,
        projects::record_stage_change,
        projects::set_stage_change_date,
        projects::delete_stage_change,
        projects::project_years,
        projects::set_project_year,
        assignments::assignments,
        assignments::project_assignments,
        assignments::create_assignment,
        assignments::update_assignment,
        assignments::start_assignment,
        assignments::finish_assignment,
        assignments::reopen_assignment,
        assignments::delete_assignment,
        assignments::export_assignments,
        alerts::alert_rules,
        alerts::update_alert_rule,
        alerts::alerts,
        alerts::no_update_reasons,
        alerts::add_no_update_reason,
        alerts::delete_no_update_reason,
        forms::form_templates,
        forms::form_columns,
        forms::create_form_template,
        forms::update_form_template,
        forms::delete_form_template,
        forms::export_form,
        activities::create_activity,
        activities::update_activity,
        activities::delete_activity,
        activities::restore_activity,
        companies::restore_company,
        activities::recent_activities,
        companies::search_companies,
        companies::create_company,
        reference::search_divisions,
        reference::teams,
        reference::create_team,
        reference::rename_team,
        reference::delete_team,
        reference::officers,
        reference::create_officer,
        reference::update_officer,
        reference::retire_officer,
        reference::reinstate_officer,
        reference::delete_officer,
        reference::industries,
        reference::create_industry,
        reference::delete_industry,
        reference::parks,
        reference::unlisted_parks,
        reference::park_names,
        reference::create_park,
        reference::rename_park,
        reference::delete_park,
        reference::industry_chains,
        reference::create_industry_chain,
        reference::delete_industry_chain,
        reference::set_industry_chain,
        reference::region_groups,
        reference::create_region_group,
        reference::rename_region_group,
        reference::delete_region_group,
        reference::set_city_region_group,
        reports::targets,
        reports::create_target,
        reports::update_target,
        reports::delete_target,
        assessment::score_rules,
        assessment::update_score_rule,
        assessment::scores,
        assessment::officer_score_lines,
        assessment::export_ranking,
        projects::follow_ups,
        storage::last_undoable,
        storage::undo,
        storage::recycle_bin,
        security::security_status,
        security::save_security_settings,
        security::unlock,
        security::lock_ledger,
        security::set_passphrase,
        security::backup_now,
        security::delete_plaintext_backups,
        security::newest_good_backup,
        security::restore_backup,
        io::import_stage_file,
        io::import_stage_path,
        io::import_preview,
        io::import_apply,
        io::parse_amount,
        io::export_projects,
        io::export_report,
        trips::export_trip_report,
        sync::sync_status,
        sync::set_device_label,
        sync::export_sync_bundle,
        sync::import_sync_bundles,
        sync::sync_conflicts,
        sync::resolve_sync_conflict,
        sync::sync_conflict_count,
        sync::take_opened_sync_file,
        sync::office_server,
        sync::office_server_login,
        sync::office_server_logout,
        sync::office_server_sync,
        io::open_folder,
        search::search,
        search::search_aliases,
        search::add_search_alias,
        search::delete_search_alias,
        companies::duplicate_companies,
        companies::merge_companies,
        companies::list_companies,
        companies::company_detail,
        companies::update_company,
        projects::first_stages,
        attachments::attachments,
        attachments::add_attachment_files,
        attachments::add_attachment_data,
        attachments::delete_attachment,
        attachments::restore_attachment,
        attachments::open_attachment,
    ])
}
