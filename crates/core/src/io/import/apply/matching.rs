//! Matching a row's names to what the ledger holds, creating what is missing: the company
//! (credit code, then normalized name), people and teams, and the 产业, 来源地 and 片区 texts.

use super::lookups::{Added, Ctx};
use super::parse_row::Parsed;
use crate::companies;
use crate::companies::names::fold;
use crate::error::Result;
use crate::io::import::places::Place;
use crate::model::*;
use crate::reference::{officers, teams};

impl Ctx<'_> {
    pub(super) fn officer(
        &mut self,
        name: &Option<String>,
        team_id: Option<String>,
        notes: &mut Vec<String>,
        added: &mut Added,
    ) -> Result<Option<String>> {
        let Some(name) = name.as_ref().filter(|n| !n.is_empty()) else {
            return Ok(None);
        };
        if let Some(id) = self.officer_by_name.get(name) {
            return Ok(Some(id.clone()));
        }
        let o = officers::create(
            self.conn,
            &OfficerInput {
                name: name.clone(),
                team_id,
                ..Default::default()
            },
        )?;
        notes.push(format!("新建人员“{name}”"));
        self.officer_by_name.insert(name.clone(), o.id.clone());
        added.officers.push(name.clone());
        added.counts.officers_created += 1;
        Ok(Some(o.id))
    }

    pub(super) fn team(
        &mut self,
        name: &Option<String>,
        notes: &mut Vec<String>,
        added: &mut Added,
    ) -> Result<Option<String>> {
        let Some(name) = name.as_ref().filter(|n| !n.is_empty()) else {
            return Ok(None);
        };
        if let Some(id) = self.team_by_name.get(name) {
            return Ok(Some(id.clone()));
        }
        let t = teams::create(self.conn, name)?;
        notes.push(format!("新建团队“{name}”"));
        self.team_by_name.insert(name.clone(), t.id.clone());
        added.teams.push(name.clone());
        added.counts.teams_created += 1;
        Ok(Some(t.id))
    }

    pub(super) fn industry(
        &self,
        text: &Option<String>,
        notes: &mut Vec<String>,
    ) -> Option<String> {
        let raw = text.as_deref()?;
        if let Some((id, note)) = self.industry_of.borrow().get(raw) {
            notes.extend(note.clone());
            return id.clone();
        }
        let mut own = Vec::new();
        let id = self.industry_uncached(text, &mut own);
        self.industry_of
            .borrow_mut()
            .insert(raw.to_string(), (id.clone(), own.first().cloned()));
        notes.extend(own);
        id
    }

    fn industry_uncached(&self, text: &Option<String>, notes: &mut Vec<String>) -> Option<String> {
        let t = fold(text.as_deref()?);
        if t.is_empty() {
            return None;
        }
        let exact = self.industries.iter().find(|(_, n)| *n == t);
        let contains = || {
            self.industries
                .iter()
                .filter(|(_, n)| n.contains(&t) || t.contains(n.as_str()))
                .max_by_key(|(_, n)| n.chars().count())
        };
        const SYNONYMS: &[(&str, &str)] = &[
            ("汽车", "汽车及零部件"),
            ("零部件", "汽车及零部件"),
            ("钢铁", "钢铁冶金"),
            ("冶金", "钢铁冶金"),
            ("材料", "新材料"),
            ("装备", "装备制造"),
            ("机械", "装备制造"),
            ("光伏", "新能源"),
            ("风电", "新能源"),
            ("储能", "新能源"),
            ("氢能", "新能源"),
            ("农产品", "农产品深加工"),
            ("农副产品", "农产品深加工"),
            ("食品", "农产品深加工"),
            ("物流", "现代物流"),
            ("旅游", "文化旅游"),
            ("文旅", "文化旅游"),
            ("数字", "数字经济"),
            ("电子信息", "数字经济"),
            ("大数据", "数字经济"),
            ("医药", "生物医药"),
            ("生物", "生物医药"),
            ("服务", "现代服务业"),
            ("商贸", "现代服务业"),
        ];
        let synonym = || {
            SYNONYMS
                .iter()
                .find(|(w, _)| t.contains(w))
                .and_then(|(_, target)| self.industries.iter().find(|(_, n)| n == target))
        };
        match exact.or_else(contains).or_else(synonym) {
            Some((id, _)) => Some(id.clone()),
            None => {
                notes.push(format!(
                    "产业“{}”不在产业列表中，未填",
                    text.as_deref().unwrap_or_default()
                ));
                None
            }
        }
    }

    fn origin(&self, text: &Option<String>, notes: &mut Vec<String>) -> (Option<String>, bool) {
        let Some(t) = text else {
            return (None, false);
        };
        if let Some(((code, overseas), note)) = self.origin_of.borrow().get(t) {
            notes.extend(note.clone());
            return (code.clone(), *overseas);
        }
        let mut own = Vec::new();
        let (code, overseas) = self.origin_uncached(t, &mut own);
        self.origin_of
            .borrow_mut()
            .insert(t.clone(), ((code.clone(), overseas), own.first().cloned()));
        notes.extend(own);
        (code, overseas)
    }

    fn origin_uncached(&self, t: &String, notes: &mut Vec<String>) -> (Option<String>, bool) {
        match self.places.resolve(t) {
            Place::Code(c) => (Some(c), false),
            Place::Overseas => (None, true),
            Place::Ambiguous(_) => {
                notes.push(format!("来源地“{t}”有多个同名地区，请写明省市，未填"));
                (None, false)
            }
            Place::Unknown => {
                notes.push(format!("来源地“{t}”未能识别，未填"));
                (None, false)
            }
        }
    }

    /// Finds or creates the row's company (credit code first, then normalized name), filling
    /// empty fields of a found one.
    pub(super) fn company(
        &mut self,
        p: &Parsed,
        notes: &mut Vec<String>,
        added: &mut Added,
    ) -> Result<Option<String>> {
        let Some(name) = p.company.clone() else {
            return Ok(None);
        };
        let key = self.norm.key(&name);
        let found = p
            .credit_code
            .as_ref()
            .and_then(|c| self.company_by_code.get(c))
            .or_else(|| self.company_by_key.get(&key))
            .cloned();
        let (origin_code, overseas) = self.origin(&p.origin, notes);
        let industry_id = self.industry(&p.industry, notes);
        let found = match found {
            Some(id) => Some((companies::get(self.conn, &id)?, id)),
            None => None,
        };
        // Same short name, another registered entity: a company of its own.
        let found = found.filter(
            |(c, _)| !matches!((&c.credit_code, &p.credit_code), (Some(a), Some(b)) if a != b),
        );
        if let Some((c, id)) = found {
            let input = CompanyInput {
                name: c.name.clone(),
                credit_code: c.credit_code.clone().or(p.credit_code.clone()),
                origin_code: c.origin_code.clone().or(origin_code.clone()),
                overseas: if c.origin_code.is_none() && origin_code.is_none() {
                    c.overseas || overseas
                } else {
                    c.overseas
                },
                industry_id: c.industry_id.clone().or(industry_id),
                contact_person: c.contact_person.clone().or(p.contact_person.clone()),
                contact_phone: c.contact_phone.clone().or(p.contact_phone.clone()),
                ..c.to_input()
            };
            let mut filled = Vec::new();
            if input.credit_code != c.credit_code {
                filled.push("统一社会信用代码");
            }
            if input.origin_code != c.origin_code || input.overseas != c.overseas {
                filled.push("来源地");
            }
            if input.industry_id != c.industry_id {
                filled.push("产业");
            }
            if input.contact_person != c.contact_person || input.contact_phone != c.contact_phone {
                filled.push("联系人");
            }
            if !filled.is_empty() {
                companies::update(self.conn, &id, &input)?;
                notes.push(format!("企业“{}”补充{}", c.name, filled.join("、")));
                added.counts.companies_updated += 1;
                if let Some(code) = &input.credit_code {
                    if !self.company_by_code.contains_key(code) {
                        self.company_by_code.insert(code.clone(), id.clone());
                        added.company_codes.push(code.clone());
                    }
                }
            }
            if fold(&c.name) != fold(&name) {
                notes.push(format!("“{name}”按已有企业“{}”处理", c.name));
            }
            return Ok(Some(id));
        }
        self.create_company(
            &name,
            Some(key),
            p,
            origin_code,
            overseas,
            industry_id,
            notes,
            added,
        )
        .map(Some)
    }

    #[allow(clippy::too_many_arguments)]
    fn create_company(
        &mut self,
        name: &str,
        key: Option<String>,
        p: &Parsed,
        origin_code: Option<String>,
        overseas: bool,
        industry_id: Option<String>,
        notes: &mut Vec<String>,
        added: &mut Added,
    ) -> Result<String> {
        let (c_id, c_credit_code) = companies::create_unread(
            self.conn,
            &CompanyInput {
                name: name.to_string(),
                credit_code: p.credit_code.clone(),
                origin_code,
                overseas,
                industry_id,
                contact_person: p.contact_person.clone(),
                contact_phone: p.contact_phone.clone(),
                notes: None,
                ..Default::default()
            },
        )?;
        notes.push(format!("新建企业“{name}”"));
        added.counts.companies_created += 1;
        if let Some(code) = &c_credit_code {
            self.company_by_code.insert(code.clone(), c_id.clone());
            added.company_codes.push(code.clone());
        }
        let key = key.unwrap_or_else(|| self.norm.key(name));
        if !self.company_by_key.contains_key(&key) {
            self.company_by_key.insert(key.clone(), c_id.clone());
            added.company_keys.push(key);
        }
        Ok(c_id)
    }

    pub(super) fn region_override(
        &self,
        p: &Parsed,
        company_id: &Option<String>,
    ) -> Result<Option<String>> {
        let Some(text) = &p.region_group else {
            return Ok(None);
        };
        let Some((gid, _)) = self.region_groups.iter().find(|(_, n)| n == text.trim()) else {
            return Ok(None);
        };
        let derived = match company_id {
            Some(c) => {
                let c = companies::get(self.conn, c)?;
                crate::reference::region_groups::derive(
                    self.conn,
                    c.origin_code.as_deref(),
                    c.overseas,
                )?
            }
            None => None,
        };
        Ok((derived.as_deref() != Some(gid.as_str())).then(|| gid.clone()))
    }
}
