//! 出访报告 (issue 15 item 5): the 外出招商 of a period or one trip with their 出访详情, as a
//! printable .xlsx written to the export folder.

use tauri::{AppHandle, State};
use zhaoshang_core::io::traditional::Script;
use zhaoshang_core::io::trip_report::TripReportQuery;

use crate::commands::io::{write_export, ExportedFile};
use crate::state::{run_app, AppState, Res};

/// 导出出访报告, in 繁體 when `language` (the UI's) is zh-TW.
#[tauri::command]
#[specta::specta]
pub async fn export_trip_report(
    app: AppHandle,
    state: State<'_, AppState>,
    query: TripReportQuery,
    language: String,
) -> Res<ExportedFile> {
    let script = Script::for_language(&language);
    run_app(state, move |l| {
        let (stem, bytes) = l.export_trip_report_xlsx(&query, script)?;
        write_export(&app, &stem, "xlsx", &bytes)
    })
    .await
}
