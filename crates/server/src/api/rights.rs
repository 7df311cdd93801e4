//! Who may push what: the author a change claims, and the rows an account's role may change.
//!
//! The server knows an account by its login, name and team; the ledgers know officers and
//! teams as rows (`officers`, `teams`) whose names the server holds among its registers. An
//! account *is* the ledger officers of its name, and its team the ledger teams of its team's
//! name. From that:
//!
//! - **authorship**: a change naming an officer (`officer_id`) must name the account itself, or
//!   the push is refused (403); a change naming no one is stamped with the account's officer
//!   when that is one row (the device, bound to the account at login, is stamped already);
//! - **roles** ([`Role`]): 办公室主任/管理员 anything; 组长 companies and the projects of their
//!   team (by the project's 团队, or its 招商专员 being in the team), their stages, and the
//!   activities of the team's officers; 招商专员 companies and the projects whose 招商专员 they
//!   are, their stages and yearly figures, and the activities they took part in; 领导 nothing. A row must be the
//!   account's both as the server holds it and as the push leaves it (no taking a colleague's
//!   project by reassigning it). 未更新说明 and 交办单 go with their project; a 交办单 is
//!   also its assignee's. Officers, teams, 产业链, 园区, targets, 预警规则, the 考核计分表 and
//!   报表模板 are the administrator's.

use std::collections::{BTreeMap, BTreeSet};

use axum::http::StatusCode;
use serde_json::Value;
use zhaoshang_core::sync::office_server::Role;
use zhaoshang_core::sync::Register;

use super::error::ApiError;
use super::sessions::Session;

/// Fields of a row, as JSON text (the register values).
type Row = BTreeMap<String, String>;
/// Rows by (table, row id).
type Rows = BTreeMap<(String, String), Row>;

/// What the server holds, with the push's newest values laid over it.
struct State {
    before: Rows,
    after: Rows,
}

impl State {
    fn field<'a>(rows: &'a Rows, table: &str, row: &str, field: &str) -> Option<&'a str> {
        rows.get(&(table.to_string(), row.to_string()))
            .and_then(|r| r.get(field))
            .map(String::as_str)
    }
}

fn text(json: Option<&str>) -> Option<String> {
    json.and_then(|j| serde_json::from_str::<Value>(j).ok())
        .and_then(|v| v.as_str().map(str::to_string))
}

fn list(json: Option<&str>) -> Vec<String> {
    json.and_then(|j| serde_json::from_str::<Vec<String>>(j).ok())
        .unwrap_or_default()
}

/// The project or activity an attachment row hangs on, as (table, id); None for a company's
/// (企业信息 is everyone's, like the company itself).
fn attachment_owner(rows: &Rows, id: &str) -> Option<(String, String)> {
    let table = match text(State::field(rows, "attachments", id, "owner"))?.as_str() {
        "project" => "projects",
        "activity" => "activities",
        _ => return None,
    };
    let owner_id = text(State::field(rows, "attachments", id, "owner_id"))?;
    Some((table.to_string(), owner_id))
}

fn refuse(message: String) -> ApiError {
    ApiError(StatusCode::FORBIDDEN, message)
}

/// The push's newest value of each (table, row, field), by (clock, device).
fn newest(registers: &[Register]) -> BTreeMap<(String, String, String), &Register> {
    let mut out: BTreeMap<(String, String, String), &Register> = BTreeMap::new();
    for r in registers {
        let key = (r.table.clone(), r.row_id.clone(), r.field.clone());
        match out.get(&key) {
            Some(o) if (&o.hlc, &o.device_id) >= (&r.hlc, &r.device_id) => {}
            _ => {
                out.insert(key, r);
            }
        }
    }
    out
}

async fn load(
    tx: &tokio_postgres::Transaction<'_>,
    sql: &str,
    params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    into: &mut Rows,
) -> Result<(), ApiError> {
    for r in tx.query(sql, params).await? {
        into.entry((r.get(0), r.get(1)))
            .or_default()
            .insert(r.get(2), r.get(3));
    }
    Ok(())
}

const ROW_FIELDS: &str = "SELECT r.table_name, r.row_id, r.field, r.value
     FROM UNNEST($1::text[], $2::text[]) AS u(table_name, row_id)
     JOIN registers r ON r.table_name = u.table_name COLLATE \"C\" AND r.row_id = u.row_id COLLATE \"C\"
     WHERE r.field IN ('name', 'officer_id', 'team_id', 'project_id', 'officer_ids', 'owner', 'owner_id',
                       'assignee_officer_id')";

/// Checks the new changes of a push against the account's identity and role; the officer to
/// stamp on changes that name none.
pub(super) async fn check(
    tx: &tokio_postgres::Transaction<'_>,
    who: &Session,
    registers: &[Register],
) -> Result<Option<String>, ApiError> {
    if registers.is_empty() {
        return Ok(None);
    }
    if who.role == Role::Viewer {
        return Err(refuse(format!(
            "“{}”的账号是{}，只能查看台账，不能修改：本次上传未保存任何数据。如需修改请找办公室主任调整账号角色。",
            who.name,
            Role::Viewer.label()
        )));
    }
    let pushed = newest(registers);
    let mut before = Rows::new();
    // The office's officers and teams (a few hundred rows at most).
    load(
        tx,
        "SELECT table_name, row_id, field, value FROM registers
         WHERE (table_name = 'officers' AND field IN ('name', 'team_id'))
            OR (table_name = 'teams' AND field = 'name')",
        &[],
        &mut before,
    )
    .await?;
    // The rows the push touches whose owner decides, and the projects their stages name.
    let touched: BTreeSet<(String, String)> = registers
        .iter()
        .filter(|r| {
            matches!(
                r.table.as_str(),
                "projects"
                    | "stage_changes"
                    | "project_years"
                    | "activities"
                    | "attachments"
                    | "no_update_reasons"
                    | "assignments"
            )
        })
        .map(|r| (r.table.clone(), r.row_id.clone()))
        .collect();
    let fetch = |keys: &BTreeSet<(String, String)>| -> (Vec<String>, Vec<String>) {
        keys.iter().cloned().unzip()
    };
    if who.role != Role::Admin && !touched.is_empty() {
        let (t, r) = fetch(&touched);
        load(tx, ROW_FIELDS, &[&t, &r], &mut before).await?;
    }
    let mut after = before.clone();
    for ((table, row, field), r) in &pushed {
        after
            .entry((table.clone(), row.clone()))
            .or_default()
            .insert(field.clone(), r.value.clone());
    }
    if who.role != Role::Admin {
        // The projects stages and years belong to, and the records attachments hang on.
        let owners: BTreeSet<(String, String)> = touched
            .iter()
            .flat_map(|(t, row)| {
                [&before, &after]
                    .into_iter()
                    .filter_map(|rows| match t.as_str() {
                        "stage_changes" | "project_years" | "no_update_reasons" | "assignments" => {
                            text(State::field(rows, t, row, "project_id"))
                                .map(|p| ("projects".to_string(), p))
                        }
                        "attachments" => attachment_owner(rows, row),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
            })
            .filter(|k| !touched.contains(k))
            .collect();
        if !owners.is_empty() {
            let (t, r) = fetch(&owners);
            let mut found = Rows::new();
            load(tx, ROW_FIELDS, &[&t, &r], &mut found).await?;
            for (k, v) in found {
                after.entry(k.clone()).or_insert_with(|| v.clone());
                before.insert(k, v);
            }
        }
    }
    let state = State { before, after };

    // Who the account is in the ledgers: the officer rows of its name, the team rows of its team.
    let named = |table: &str, name: &str| -> BTreeSet<String> {
        let json = serde_json::to_string(name).expect("a string serializes");
        state
            .after
            .iter()
            .filter(|((t, _), f)| t == table && f.get("name") == Some(&json))
            .map(|((_, row), _)| row.clone())
            .collect()
    };
    let me = named("officers", &who.name);
    let teams = match &who.team {
        Some(team) if who.role == Role::Lead => named("teams", team),
        _ => BTreeSet::new(),
    };
    let officer_name = |id: &str| {
        text(State::field(&state.after, "officers", id, "name"))
            .unwrap_or_else(|| "（未知）".into())
    };
    for r in registers {
        if let Some(claimed) = &r.officer_id {
            if !me.contains(claimed) {
                return Err(refuse(format!(
                    "本次上传的修改署名为干部“{}”，但登录的账号是“{}”：服务器只接受以本人名义所作的修改，本次上传未保存任何数据。",
                    officer_name(claimed),
                    who.name
                )));
            }
        }
    }
    let stamp = (me.len() == 1).then(|| me.iter().next().cloned()).flatten();
    if who.role == Role::Admin {
        return Ok(stamp);
    }

    // The officers whose rows the account may change.
    let mut mine = me.clone();
    for ((t, row), f) in &state.after {
        if t == "officers"
            && text(f.get("team_id").map(String::as_str)).is_some_and(|x| teams.contains(&x))
        {
            mine.insert(row.clone());
        }
    }
    let project_is_mine = |rows: &Rows, id: &str| {
        text(State::field(rows, "projects", id, "officer_id")).is_some_and(|o| mine.contains(&o))
            || text(State::field(rows, "projects", id, "team_id"))
                .is_some_and(|t| teams.contains(&t))
    };
    let activity_is_mine = |rows: &Rows, id: &str| {
        list(State::field(rows, "activities", id, "officer_ids"))
            .iter()
            .any(|o| mine.contains(o))
    };
    let is_mine = |rows: &Rows, table: &str, id: &str| match table {
        "projects" => project_is_mine(rows, id),
        "stage_changes" | "project_years" | "no_update_reasons" => {
            text(State::field(rows, table, id, "project_id"))
                .is_some_and(|p| project_is_mine(rows, &p))
        }
        // A 交办单 is the project's, and also its assignee's (who reports it 办理中/办结).
        "assignments" => {
            text(State::field(rows, table, id, "project_id"))
                .is_some_and(|p| project_is_mine(rows, &p))
                || text(State::field(rows, table, id, "assignee_officer_id"))
                    .is_some_and(|o| mine.contains(&o))
        }
        "activities" => activity_is_mine(rows, id),
        "attachments" => match attachment_owner(rows, id) {
            Some((t, owner)) if t == "projects" => project_is_mine(rows, &owner),
            Some((_, owner)) => activity_is_mine(rows, &owner),
            None => text(State::field(rows, table, id, "owner")).as_deref() == Some("company"),
        },
        _ => false,
    };
    let scope = match who.role {
        Role::Lead => format!(
            "本组（{}）的项目及其阶段、本组干部参与的活动和企业信息",
            who.team.as_deref().unwrap_or("未设团队")
        ),
        _ => "本人负责的项目及其阶段、本人参与的活动和企业信息".to_string(),
    };
    let mut seen_rows = BTreeSet::new();
    for r in registers {
        if !seen_rows.insert((r.table.as_str(), r.row_id.as_str())) {
            continue;
        }
        let what = match r.table.as_str() {
            "companies" | "search_aliases" => continue,
            "projects" | "stage_changes" | "project_years" | "activities" | "attachments"
            | "no_update_reasons" | "assignments" => {
                let existed = state
                    .before
                    .contains_key(&(r.table.clone(), r.row_id.clone()));
                // A new 交办单 is assigned on one's own project: its assignee only reports on it.
                let assigned_elsewhere = r.table == "assignments"
                    && !existed
                    && !text(State::field(
                        &state.after,
                        &r.table,
                        &r.row_id,
                        "project_id",
                    ))
                    .is_some_and(|p| project_is_mine(&state.after, &p));
                if !assigned_elsewhere
                    && (!existed || is_mine(&state.before, &r.table, &r.row_id))
                    && is_mine(&state.after, &r.table, &r.row_id)
                {
                    continue;
                }
                let project = match r.table.as_str() {
                    "projects" => Some(r.row_id.clone()),
                    "stage_changes" | "project_years" | "no_update_reasons" | "assignments" => {
                        text(State::field(
                            &state.after,
                            &r.table,
                            &r.row_id,
                            "project_id",
                        ))
                    }
                    "attachments" => attachment_owner(&state.after, &r.row_id)
                        .filter(|(t, _)| t == "projects")
                        .map(|(_, p)| p),
                    _ => None,
                };
                match project.and_then(|p| text(State::field(&state.after, "projects", &p, "name")))
                {
                    Some(name) if r.table == "attachments" => format!("项目“{name}”的附件"),
                    Some(name) if r.table == "assignments" => format!("项目“{name}”的交办单"),
                    Some(name) => format!("项目“{name}”"),
                    None if r.table == "activities" => "一条他人的活动记录".to_string(),
                    None if r.table == "attachments" => "他人记录上的附件".to_string(),
                    None => "一个他人的项目".to_string(),
                }
            }
            "officers" => "干部名单".to_string(),
            "teams" => "团队".to_string(),
            "industries" | "industry_chains" => "产业链".to_string(),
            "parks" => "园区".to_string(),
            "region_groups" => "来源区域".to_string(),
            "targets" => "目标任务".to_string(),
            "alert_rules" => "预警规则".to_string(),
            "score_rules" => "考核计分表".to_string(),
            "export_templates" => "报表模板".to_string(),
            other => format!("数据表“{other}”"),
        };
        return Err(refuse(format!(
            "“{}”的账号是{}，只能修改{scope}；本次上传含有对{what}的修改，未保存任何数据。",
            who.name,
            who.role.label()
        )));
    }
    Ok(stamp)
}
