//! Editing what the ledger already holds: region groups and their cities, team names,
//! officers (edit, 离岗, delete), activities, targets and a stage change's date; each edit is
//! validated, logged, undone by 撤销, and a refusal names its field.

use crate::common::{d, fixture};
use zhaoshang_core::*;

fn field_of(e: &Error) -> Option<&'static str> {
    e.field()
}

fn undo_last(l: &mut Ledger) -> String {
    let last = l.last_undoable().unwrap().expect("an undoable action");
    l.undo(&last.tx_id).unwrap();
    last.description
}

#[test]
fn a_city_moved_into_a_new_region_group_moves_its_projects_and_undo_moves_them_back() {
    let mut f = fixture();
    let p = f.project("成都项目", "510104", 1_000_000, d(2022, 3, 1));
    let domestic = p.region_group_id.clone().expect("其他国内");

    let g = f.ledger.create_region_group("成渝").unwrap();
    let e = f.ledger.create_region_group(" 成渝 ").unwrap_err();
    assert_eq!(field_of(&e), Some("name"), "{e}");
    f.ledger
        .set_city_region_group("510100", Some(&g.id))
        .unwrap();
    assert_eq!(
        f.ledger.project(&p.id).unwrap().region_group_id.as_deref(),
        Some(g.id.as_str())
    );
    let e = f
        .ledger
        .set_city_region_group("510104", Some(&g.id))
        .unwrap_err();
    assert_eq!(
        field_of(&e),
        Some("city_code"),
        "a district is not a city: {e}"
    );

    let described = undo_last(&mut f.ledger);
    assert!(described.contains("成渝"), "{described}");
    assert_eq!(
        f.ledger.project(&p.id).unwrap().region_group_id.as_deref(),
        Some(domestic.as_str()),
        "undo took the city out again"
    );
    assert!(f
        .ledger
        .region_groups()
        .unwrap()
        .iter()
        .any(|x| x.id == g.id && x.city_codes.is_empty()));

    f.ledger
        .set_city_region_group("510100", Some(&g.id))
        .unwrap();
    let renamed = f.ledger.rename_region_group(&g.id, "成渝地区").unwrap();
    assert_eq!(renamed.name, "成渝地区");
    undo_last(&mut f.ledger);
    assert_eq!(
        f.ledger
            .region_groups()
            .unwrap()
            .iter()
            .find(|x| x.id == g.id)
            .unwrap()
            .name,
        "成渝"
    );

    f.ledger.delete_region_group(&g.id).unwrap();
    assert_eq!(
        f.ledger.project(&p.id).unwrap().region_group_id.as_deref(),
        Some(domestic.as_str())
    );
    undo_last(&mut f.ledger);
    let back = f.ledger.region_groups().unwrap();
    let back = back.iter().find(|x| x.id == g.id).expect("restored");
    assert_eq!(back.city_codes, vec!["510100".to_string()]);
    assert_eq!(
        f.ledger.project(&p.id).unwrap().region_group_id.as_deref(),
        Some(g.id.as_str())
    );

    // The fixed groups the derivation needs cannot go.
    let local = f.ledger.region_groups().unwrap();
    let local = local.iter().find(|x| x.name == "本地").unwrap();
    let e = f.ledger.delete_region_group(&local.id).unwrap_err();
    assert!(e.to_string().contains("固定分组"), "{e}");
}

#[test]
fn a_team_renamed_is_logged_and_undone() {
    let mut f = fixture();
    let other = f.ledger.create_team("招商二组").unwrap();
    let e = f.ledger.rename_team(&other.id, "招商一组").unwrap_err();
    assert_eq!(field_of(&e), Some("name"), "{e}");
    f.ledger
        .rename_team(&f.team.id.clone(), "产业招商组")
        .unwrap();
    let h = f.ledger.history("teams", &f.team.id).unwrap();
    assert!(h.iter().any(|c| c.field == "name"), "{h:?}");
    let described = undo_last(&mut f.ledger);
    assert!(described.contains("团队"), "{described}");
    assert_eq!(f.ledger.teams().unwrap()[0].name, "招商一组");
}

#[test]
fn an_officer_who_left_stays_on_his_history_and_cannot_be_deleted() {
    let mut f = fixture();
    let p = f.project("钢铁项目", "130200", 1_000_000, d(2022, 3, 1));
    let id = f.officer.id.clone();

    let e = f.ledger.delete_officer(&id).unwrap_err();
    assert!(e.to_string().contains("离岗"), "{e}");
    assert!(e.to_string().contains("1 个项目"), "{e}");

    let e = f.ledger.retire_officer(&id, d(2023, 1, 5)).unwrap_err();
    assert_eq!(field_of(&e), Some("retired_on"), "a future date: {e}");
    let o = f.ledger.retire_officer(&id, d(2022, 11, 30)).unwrap();
    assert_eq!(o.retired_on, Some(d(2022, 11, 30)));
    let e = f.ledger.retire_officer(&id, d(2022, 12, 1)).unwrap_err();
    assert_eq!(field_of(&e), Some("retired_on"), "{e}");
    // Still listed (pickers filter him out), still on his project.
    assert!(f.ledger.officers().unwrap().iter().any(|x| x.id == id));
    assert_eq!(
        f.ledger.project(&p.id).unwrap().officer_id.as_deref(),
        Some(id.as_str())
    );

    let described = undo_last(&mut f.ledger);
    assert!(described.contains("离岗日期"), "{described}");
    let o = f.ledger.officers().unwrap();
    assert_eq!(o.iter().find(|x| x.id == id).unwrap().retired_on, None);

    f.ledger.retire_officer(&id, d(2022, 11, 30)).unwrap();
    f.ledger.reinstate_officer(&id).unwrap();
    let e = f.ledger.reinstate_officer(&id).unwrap_err();
    assert_eq!(field_of(&e), Some("retired_on"), "{e}");

    // Edited, then undone.
    let edited = f
        .ledger
        .update_officer(
            &id,
            &OfficerInput {
                name: "王磊".into(),
                team_id: Some(f.team.id.clone()),
                title: Some("科长".into()),
                phone: None,
            },
        )
        .unwrap();
    assert_eq!(edited.title.as_deref(), Some("科长"));
    undo_last(&mut f.ledger);
    assert_eq!(f.ledger.officers().unwrap()[0].title, None);

    // One without history can be deleted.
    let new = f
        .ledger
        .create_officer(&OfficerInput {
            name: "李娜".into(),
            ..Default::default()
        })
        .unwrap();
    f.ledger.delete_officer(&new.id).unwrap();
    assert!(!f.ledger.officers().unwrap().iter().any(|x| x.id == new.id));
}

#[test]
fn an_activity_is_corrected_after_it_is_saved_and_undone() {
    let mut f = fixture();
    let p = f.project("汽配项目", "130200", 1_000_000, d(2022, 3, 1));
    let a = f.activity(
        ActivityKind::OutboundTrip,
        d(2022, 4, 1),
        Some("110105"),
        &[&p.id],
    );
    let mut input = ActivityInput {
        kind: a.kind,
        occurred_on: d(2022, 4, 2),
        place: Some("北京 朝阳".into()),
        destination_code: a.destination_code.clone(),
        summary: Some("面谈".into()),
        follow_up_on: None,
        officer_ids: a.officer_ids.clone(),
        company_ids: a.company_ids.clone(),
        project_ids: a.project_ids.clone(),
        trip: Default::default(),
    };
    let b = f.ledger.update_activity(&a.id, &input).unwrap();
    assert_eq!(
        (b.occurred_on, b.summary.as_deref()),
        (d(2022, 4, 2), Some("面谈"))
    );
    undo_last(&mut f.ledger);
    assert_eq!(f.ledger.activity(&a.id).unwrap().occurred_on, d(2022, 4, 1));

    input.occurred_on = d(2023, 2, 1);
    let e = f.ledger.update_activity(&a.id, &input).unwrap_err();
    assert_eq!(field_of(&e), Some("occurred_on"), "{e}");
}

#[test]
fn a_target_is_edited_with_a_refusal_at_its_field_and_undone() {
    let mut f = fixture();
    let input = TargetInput {
        year: 2022,
        period: TargetPeriod::Year,
        metric: TargetMetric::Signed,
        value: 10,
        region_group_id: None,
        team_id: None,
        label: None,
    };
    let t = f.ledger.create_target(&input).unwrap();
    let t = f
        .ledger
        .update_target(
            &t.id,
            &TargetInput {
                value: 12,
                ..input.clone()
            },
        )
        .unwrap();
    assert_eq!(t.value, 12);
    let e = f
        .ledger
        .update_target(&t.id, &TargetInput { value: -1, ..input })
        .unwrap_err();
    assert_eq!(field_of(&e), Some("value"), "{e}");
    assert_eq!(f.ledger.targets(Some(2022)).unwrap()[0].value, 12);
    let described = undo_last(&mut f.ledger);
    assert!(described.contains("目标值"), "{described}");
    assert_eq!(f.ledger.targets(Some(2022)).unwrap()[0].value, 10);
}

#[test]
fn any_stage_date_can_be_corrected_if_the_history_still_holds_and_undo_puts_it_back() {
    let mut f = fixture();
    let p = f.project("新材料项目", "130200", 1_000_000, d(2022, 1, 10));
    f.stage(&p.id, Stage::Signed, d(2022, 3, 1)).unwrap();
    f.stage(&p.id, Stage::Started, d(2022, 5, 1)).unwrap();
    let h = f.ledger.stage_history(&p.id).unwrap();
    let signed = h
        .iter()
        .find(|c| c.to_stage == Stage::Signed)
        .unwrap()
        .id
        .clone();

    let moved = f
        .ledger
        .set_stage_change_date(&signed, d(2022, 2, 15))
        .unwrap();
    assert_eq!(moved.signed_on, Some(d(2022, 2, 15)));

    // After 开工: refused, at the date field, nothing written.
    let e = f
        .ledger
        .set_stage_change_date(&signed, d(2022, 6, 1))
        .unwrap_err();
    assert_eq!(field_of(&e), Some("changed_on"), "{e}");
    assert!(e.to_string().contains("先签约再开工"), "{e}");
    assert_eq!(
        f.ledger.project(&p.id).unwrap().signed_on,
        Some(d(2022, 2, 15))
    );

    undo_last(&mut f.ledger);
    assert_eq!(
        f.ledger.project(&p.id).unwrap().signed_on,
        Some(d(2022, 3, 1))
    );
}

#[test]
fn search_aliases_are_added_listed_and_deleted() {
    let mut f = fixture();
    f.company("凌源钢铁股份有限公司", "211382");
    let e = f.ledger.add_search_alias("凌钢", " ").unwrap_err();
    assert_eq!(field_of(&e), Some("alias"), "{e}");
    f.ledger.add_search_alias("凌钢", "凌源钢铁").unwrap();
    assert!(!f.ledger.search("凌钢", 10).unwrap().is_empty());
    let list = f.ledger.search_aliases().unwrap();
    assert_eq!(list.len(), 1);
    f.ledger.delete_search_alias(&list[0].id).unwrap();
    assert!(f.ledger.search_aliases().unwrap().is_empty());
    let e = f.ledger.delete_search_alias(&list[0].id).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");

    // 撤销 brings a deleted alias back, and takes an added one off.
    undo_last(&mut f.ledger);
    assert_eq!(f.ledger.search_aliases().unwrap().len(), 1);
    assert!(!f.ledger.search("凌钢", 10).unwrap().is_empty());
    f.ledger.add_search_alias("凌源钢", "凌源钢铁").unwrap();
    assert_eq!(f.ledger.search_aliases().unwrap().len(), 2);
    let said = undo_last(&mut f.ledger);
    assert!(said.contains("别名"), "{said}");
    let left: Vec<String> = f
        .ledger
        .search_aliases()
        .unwrap()
        .into_iter()
        .map(|a| a.alias)
        .collect();
    assert_eq!(left, vec!["凌钢".to_string()]);
}
