//! 考核 commands: the points table (计分表) and its edits, the scores of a month or a year per
//! officer and team with every point traced, and the 比拼表 .xlsx.

use tauri::{AppHandle, State};
use zhaoshang_core::assessment::{ScoreLine, ScoreQuery, ScoreRule, Scores};

use crate::commands::io::{write_export, ExportedFile};
use crate::state::{read, run, run_app, AppState, Res};

#[tauri::command]
#[specta::specta]
pub async fn score_rules(state: State<'_, AppState>) -> Res<Vec<ScoreRule>> {
    read(state, move |l| l.score_rules()).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_score_rule(
    state: State<'_, AppState>,
    id: String,
    points: f64,
) -> Res<ScoreRule> {
    run(state, move |l| l.update_score_rule(&id, points)).await
}

/// The ranking of a month or a year, without the traced lines (see `officer_score_lines`).
#[tauri::command]
#[specta::specta]
pub async fn scores(state: State<'_, AppState>, query: ScoreQuery) -> Res<Scores> {
    read(state, move |l| l.scores(query).map(Scores::without_lines)).await
}

/// Where one officer's points came from: his traced lines for the period.
#[tauri::command]
#[specta::specta]
pub async fn officer_score_lines(
    state: State<'_, AppState>,
    query: ScoreQuery,
    officer_id: String,
) -> Res<Vec<ScoreLine>> {
    read(state, move |l| l.officer_score_lines(query, &officer_id)).await
}

/// 导出比拼表: the period's ranking workbook in the export folder.
#[tauri::command]
#[specta::specta]
pub async fn export_ranking(
    app: AppHandle,
    state: State<'_, AppState>,
    query: ScoreQuery,
) -> Res<ExportedFile> {
    run_app(state, move |l| {
        let bytes = l.export_ranking_xlsx(query)?;
        write_export(&app, &format!("比拼表-{}", query.label()), "xlsx", &bytes)
    })
    .await
}
