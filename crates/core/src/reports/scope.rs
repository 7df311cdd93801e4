//! Report scope (docs/DOMAIN.md §3.2): which projects and activities a report or list covers.

use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

/// Empty vectors and `None` mean "no restriction".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct Scope {
    pub region_group_ids: Vec<String>,
    pub industry_ids: Vec<String>,
    pub team_ids: Vec<String>,
    pub officer_ids: Vec<String>,
    pub parks: Vec<String>,
    pub enclave: Option<bool>,
    pub relocation: Option<bool>,
    pub key_project: Option<bool>,
    pub high_energy: Option<bool>,
}

/// A growing `WHERE` clause with positional parameters.
#[derive(Default)]
pub struct SqlWhere {
    parts: Vec<String>,
    params: Vec<Value>,
}

impl SqlWhere {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push<const N: usize>(&mut self, sql: &str, params: [Value; N]) {
        self.parts.push(sql.to_string());
        self.params.extend(params);
    }

    pub fn push_vec(&mut self, sql: &str, params: Vec<Value>) {
        self.parts.push(sql.to_string());
        self.params.extend(params);
    }

    pub fn push_in(&mut self, column: &str, values: impl IntoIterator<Item = Value>) {
        let values: Vec<Value> = values.into_iter().collect();
        let marks = vec!["?"; values.len()].join(", ");
        self.parts.push(format!("{column} IN ({marks})"));
        self.params.extend(values);
    }

    pub fn sql(&self) -> String {
        if self.parts.is_empty() {
            "1".to_string()
        } else {
            self.parts.join(" AND ")
        }
    }

    pub fn params(&self) -> impl Iterator<Item = &Value> {
        self.params.iter()
    }

    pub fn into_params(self) -> Vec<Value> {
        self.params
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }
}

fn strings(v: &[String]) -> impl Iterator<Item = Value> + '_ {
    v.iter().map(|s| Value::from(s.clone()))
}

impl Scope {
    /// Conditions on a `projects p` row (every filter applies).
    pub fn apply_to_projects(&self, w: &mut SqlWhere) {
        if !self.region_group_ids.is_empty() {
            w.push_in("p.region_group_id", strings(&self.region_group_ids));
        }
        if !self.industry_ids.is_empty() {
            w.push_in("p.industry_id", strings(&self.industry_ids));
        }
        if !self.team_ids.is_empty() {
            w.push_in("p.team_id", strings(&self.team_ids));
        }
        if !self.officer_ids.is_empty() {
            w.push_in("p.officer_id", strings(&self.officer_ids));
        }
        if !self.parks.is_empty() {
            w.push_in("p.park", strings(&self.parks));
        }
        for (column, flag) in [
            ("p.enclave", self.enclave),
            ("p.relocation", self.relocation),
            ("p.key_project", self.key_project),
            ("p.high_energy", self.high_energy),
        ] {
            if let Some(on) = flag {
                w.push(&format!("{column} = ?"), [Value::from(on as i64)]);
            }
        }
    }

    /// Conditions on an `activities a` row for 招商次数: the destination's region group, the
    /// activity's team and officers. Project-only filters (industry, park, flags) do not apply
    /// to a trip.
    pub fn apply_to_activities(&self, w: &mut SqlWhere) {
        if !self.region_group_ids.is_empty() {
            w.push_in("a.region_group_id", strings(&self.region_group_ids));
        }
        if !self.team_ids.is_empty() {
            w.push_in("a.team_id", strings(&self.team_ids));
        }
        if !self.officer_ids.is_empty() {
            let marks = vec!["?"; self.officer_ids.len()].join(", ");
            w.push_vec(
                &format!(
                    "a.rid IN (SELECT l.activity_rid FROM activity_officer_links l
                     JOIN officers o ON o.rid = l.officer_rid WHERE o.id IN ({marks}))"
                ),
                strings(&self.officer_ids).collect(),
            );
        }
    }

    /// Does this scope restrict projects at all?
    pub fn restricts_projects(&self) -> bool {
        let mut w = SqlWhere::new();
        self.apply_to_projects(&mut w);
        !w.is_empty()
    }
}
