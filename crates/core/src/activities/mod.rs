//! 招商活动 table and its links to officers, companies and projects.

use chrono::NaiveDate;
use rusqlite::{params, Connection, Row};

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::model::{Activity, ActivityInput, TripDetails};
use crate::util::{clean, new_id, now_stamp, optional_text, zh_date};

const SELECT: &str = "SELECT id, kind, occurred_on, place, destination_code, region_group_id,
    summary, follow_up_on, team_id, created_at, updated_at,
    trip_group, trip_leader, trip_members, visited_companies, outcomes, next_steps FROM activities";

/// Fields of `Activity` derived from others (destination → region group, officer → team).
const DERIVED: &[&str] = &["region_group_id", "team_id"];

fn from_row(r: &Row) -> rusqlite::Result<Activity> {
    Ok(Activity {
        id: r.get(0)?,
        kind: r.get(1)?,
        occurred_on: r.get(2)?,
        place: r.get(3)?,
        destination_code: r.get(4)?,
        region_group_id: r.get(5)?,
        summary: r.get(6)?,
        follow_up_on: r.get(7)?,
        team_id: r.get(8)?,
        officer_ids: Vec::new(),
        company_ids: Vec::new(),
        project_ids: Vec::new(),
        trip_group: r.get(11)?,
        trip_leader: r.get(12)?,
        trip_members: r.get(13)?,
        visited_companies: r.get(14)?,
        outcomes: r.get(15)?,
        next_steps: r.get(16)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

fn links(conn: &Connection, a: &mut Activity) -> Result<()> {
    let ids = |sql: &str| -> Result<Vec<String>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map([&a.id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    a.officer_ids =
        ids("SELECT officer_id FROM activity_officers WHERE activity_id = ?1 ORDER BY position")?;
    a.company_ids = ids("SELECT company_id FROM activity_companies WHERE activity_id = ?1")?;
    a.project_ids = ids("SELECT project_id FROM activity_projects WHERE activity_id = ?1")?;
    Ok(())
}

pub fn get(conn: &Connection, id: &str) -> Result<Activity> {
    let mut a = {
        let mut stmt =
            conn.prepare_cached(&format!("{SELECT} WHERE id = ?1 AND deleted_at IS NULL"))?;
        let mut rows = stmt.query_map([id], from_row)?;
        match rows.next() {
            Some(a) => a?,
            None => return Err(Error::not_found("活动记录", id)),
        }
    };
    links(conn, &mut a)?;
    Ok(a)
}

/// A project's activities, newest first.
pub fn for_project(conn: &Connection, project_id: &str) -> Result<Vec<Activity>> {
    let ids: Vec<String> = conn
        .prepare_cached(
            "SELECT a.id FROM activity_projects ap JOIN activities a ON a.id = ap.activity_id
             WHERE ap.project_id = ?1 AND a.deleted_at IS NULL
             ORDER BY a.occurred_on DESC, a.created_at DESC",
        )?
        .query_map([project_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.iter().map(|id| get(conn, id)).collect()
}

/// The latest activities (for the dashboard and quick-entry screens).
pub fn recent(conn: &Connection, limit: u32) -> Result<Vec<Activity>> {
    let ids: Vec<String> = conn
        .prepare_cached(
            "SELECT id FROM activities WHERE deleted_at IS NULL
             ORDER BY occurred_on DESC, created_at DESC LIMIT ?1",
        )?
        .query_map([limit], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.iter().map(|id| get(conn, id)).collect()
}

struct Valid {
    place: Option<String>,
    destination_code: Option<String>,
    region_group_id: Option<String>,
    summary: Option<String>,
    team_id: Option<String>,
    officer_ids: Vec<String>,
    company_ids: Vec<String>,
    project_ids: Vec<String>,
    trip: TripDetails,
}

/// 出访详情: trimmed, blank as none, each within its length.
fn valid_trip(t: &TripDetails) -> Result<TripDetails> {
    Ok(TripDetails {
        trip_group: optional_text("trip_group", "团组名称", &t.trip_group, 100)?,
        trip_leader: optional_text("trip_leader", "带队领导", &t.trip_leader, 100)?,
        trip_members: optional_text("trip_members", "成员", &t.trip_members, 500)?,
        visited_companies: optional_text(
            "visited_companies",
            "拜访企业",
            &t.visited_companies,
            2000,
        )?,
        outcomes: optional_text("outcomes", "取得成果", &t.outcomes, 4000)?,
        next_steps: optional_text("next_steps", "下一步打算", &t.next_steps, 4000)?,
    })
}

fn dedup(ids: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if !out.iter().any(|o| o == id) {
            out.push(id.to_string());
        }
    }
    out
}

fn validate(conn: &Connection, input: &ActivityInput, today: NaiveDate) -> Result<Valid> {
    if input.occurred_on > today {
        return Err(Error::invalid(
            "occurred_on",
            format!(
                "活动日期（{}）晚于今天，请检查。",
                zh_date(input.occurred_on)
            ),
        ));
    }
    if input.occurred_on < NaiveDate::from_ymd_opt(2000, 1, 1).expect("date") {
        return Err(Error::invalid(
            "occurred_on",
            "活动日期早于2000年，请检查。",
        ));
    }
    if let Some(f) = input.follow_up_on {
        if f < input.occurred_on {
            return Err(Error::invalid(
                "follow_up_on",
                format!(
                    "跟进日期（{}）早于活动日期（{}）。",
                    zh_date(f),
                    zh_date(input.occurred_on)
                ),
            ));
        }
    }
    let officer_ids = dedup(&input.officer_ids);
    if officer_ids.is_empty() {
        return Err(Error::invalid(
            "officer_ids",
            "请至少选择一名参与的招商专员。",
        ));
    }
    let mut team_id = None;
    for (i, o) in officer_ids.iter().enumerate() {
        let officer = crate::reference::officers::get(conn, o)
            .map_err(|_| Error::invalid("officer_ids", "所选人员不存在或已删除，请重新选择。"))?;
        if i == 0 {
            team_id = officer.team_id;
        }
    }
    let company_ids = dedup(&input.company_ids);
    for c in &company_ids {
        crate::companies::check_ref(conn, c)
            .map_err(|_| Error::invalid("company_ids", "所选企业不存在或已删除，请重新选择。"))?;
    }
    let project_ids = dedup(&input.project_ids);
    for p in &project_ids {
        crate::projects::check_ref(conn, p)?;
    }
    let destination_code = match clean(&input.destination_code) {
        Some(code) => Some(crate::reference::divisions::check(
            conn,
            "destination_code",
            &code,
        )?),
        None => None,
    };
    let region_group_id =
        crate::reference::region_groups::derive(conn, destination_code.as_deref(), false)?;
    Ok(Valid {
        place: optional_text("place", "地点", &input.place, 100)?,
        destination_code,
        region_group_id,
        summary: optional_text("summary", "内容摘要", &input.summary, 4000)?,
        trip: valid_trip(&input.trip)?,
        team_id,
        officer_ids,
        company_ids,
        project_ids,
    })
}

fn write_links(conn: &Connection, id: &str, on: NaiveDate, v: &Valid) -> Result<()> {
    conn.execute("DELETE FROM activity_officers WHERE activity_id = ?1", [id])?;
    conn.execute(
        "DELETE FROM activity_companies WHERE activity_id = ?1",
        [id],
    )?;
    conn.execute("DELETE FROM activity_projects WHERE activity_id = ?1", [id])?;
    for (i, o) in v.officer_ids.iter().enumerate() {
        conn.prepare_cached(
            "INSERT INTO activity_officers (activity_id, officer_id, position) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![id, o, i as i64])?;
    }
    for c in &v.company_ids {
        conn.prepare_cached(
            "INSERT INTO activity_companies (activity_id, company_id) VALUES (?1, ?2)",
        )?
        .execute(params![id, c])?;
    }
    for p in &v.project_ids {
        conn.prepare_cached(
            "INSERT INTO activity_projects (activity_id, project_id, occurred_on) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![id, p, on])?;
    }
    Ok(())
}

pub fn create(conn: &Connection, input: &ActivityInput, today: NaiveDate) -> Result<Activity> {
    let v = validate(conn, input, today)?;
    let id = new_id();
    conn.prepare_cached(
        "INSERT INTO activities (id, kind, occurred_on, place, destination_code, region_group_id,
            summary, follow_up_on, team_id, created_at, updated_at,
            trip_group, trip_leader, trip_members, visited_companies, outcomes, next_steps)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        id,
        input.kind,
        input.occurred_on,
        v.place,
        v.destination_code,
        v.region_group_id,
        v.summary,
        input.follow_up_on,
        v.team_id,
        now_stamp(),
        v.trip.trip_group,
        v.trip.trip_leader,
        v.trip.trip_members,
        v.trip.visited_companies,
        v.trip.outcomes,
        v.trip.next_steps,
    ])?;
    write_links(conn, &id, input.occurred_on, &v)?;
    let created = get(conn, &id)?;
    crate::storage::changelog::record(conn, "activities", &id, None, &created, DERIVED)?;
    Ok(created)
}

pub fn update(
    conn: &Connection,
    id: &str,
    input: &ActivityInput,
    today: NaiveDate,
) -> Result<Activity> {
    let before = get(conn, id)?;
    let v = validate(conn, input, today)?;
    conn.execute(
        "UPDATE activities SET kind = ?2, occurred_on = ?3, place = ?4, destination_code = ?5,
            region_group_id = ?6, summary = ?7, follow_up_on = ?8, team_id = ?9, updated_at = ?10,
            trip_group = ?11, trip_leader = ?12, trip_members = ?13, visited_companies = ?14,
            outcomes = ?15, next_steps = ?16
         WHERE id = ?1",
        params![
            id,
            input.kind,
            input.occurred_on,
            v.place,
            v.destination_code,
            v.region_group_id,
            v.summary,
            input.follow_up_on,
            v.team_id,
            now_stamp(),
            v.trip.trip_group,
            v.trip.trip_leader,
            v.trip.trip_members,
            v.trip.visited_companies,
            v.trip.outcomes,
            v.trip.next_steps,
        ],
    )?;
    write_links(conn, id, input.occurred_on, &v)?;
    let after = get(conn, id)?;
    crate::storage::changelog::record(conn, "activities", id, Some(&before), &after, DERIVED)?;
    Ok(after)
}

/// Soft delete; the project links are marked too so reports skip them in one index scan.
pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    get(conn, id)?;
    let now = now_stamp();
    conn.execute(
        "UPDATE activities SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    conn.execute(
        "UPDATE activity_projects SET deleted_at = ?2 WHERE activity_id = ?1",
        params![id, now],
    )?;
    crate::storage::changelog::record_deleted(conn, "activities", id, true)
}

pub fn restore(conn: &Connection, id: &str) -> Result<Activity> {
    let n = conn.execute(
        "UPDATE activities SET deleted_at = NULL, updated_at = ?2 WHERE id = ?1 AND deleted_at IS NOT NULL",
        params![id, now_stamp()],
    )?;
    if n == 0 {
        return Err(Error::not_found("已删除的活动记录", id));
    }
    conn.execute(
        "UPDATE activity_projects SET deleted_at = NULL WHERE activity_id = ?1",
        [id],
    )?;
    crate::storage::changelog::record_deleted(conn, "activities", id, false)?;
    get(conn, id)
}

impl Ledger {
    // ── activities ───────────────────────────────────────────────────────────────────────
    pub fn activity(&self, id: &str) -> Result<Activity> {
        get(self.connection(), id)
    }
    pub fn project_activities(&self, project_id: &str) -> Result<Vec<Activity>> {
        for_project(self.connection(), project_id)
    }
    pub fn recent_activities(&self, limit: u32) -> Result<Vec<Activity>> {
        recent(self.connection(), limit)
    }
    pub fn create_activity(&mut self, input: &ActivityInput) -> Result<Activity> {
        self.write(|tx, today| create(tx, input, today))
    }
    pub fn update_activity(&mut self, id: &str, input: &ActivityInput) -> Result<Activity> {
        self.write(|tx, today| update(tx, id, input, today))
    }
    pub fn delete_activity(&mut self, id: &str) -> Result<()> {
        self.write(|tx, _| delete(tx, id))
    }
    pub fn restore_activity(&mut self, id: &str) -> Result<Activity> {
        self.write(|tx, _| restore(tx, id))
    }
}
