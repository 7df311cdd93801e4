//! 出访详情 of an 外出招商 (团组名称, 带队领导, 成员, 拜访企业, 取得成果, 下一步打算): stored trimmed,
//! refused at their field when too long, edited, undone by 撤销, kept by a company merge and
//! carried by sync.

use crate::common::*;
use zhaoshang_core::sync::{read_bundle, write_bundle};
use zhaoshang_core::*;

fn trip() -> TripDetails {
    TripDetails {
        trip_group: Some("  京津冀招商小分队 ".into()),
        trip_leader: Some("李县长".into()),
        trip_members: Some("王磊、张敏".into()),
        visited_companies: Some("北京某新能源公司".into()),
        outcomes: Some("达成投资意向一项".into()),
        next_steps: Some("   ".into()),
    }
}

fn input(f: &Fixture, trip: TripDetails) -> ActivityInput {
    ActivityInput {
        kind: ActivityKind::OutboundTrip,
        occurred_on: d(2022, 5, 10),
        place: Some("北京 中关村".into()),
        destination_code: Some("110108".into()),
        summary: None,
        follow_up_on: None,
        officer_ids: vec![f.officer.id.clone()],
        company_ids: vec![],
        project_ids: vec![],
        trip,
    }
}

#[test]
fn trip_details_are_stored_trimmed_and_blank_is_none() {
    let mut f = fixture();
    let a = f.ledger.create_activity(&input(&f, trip())).unwrap();
    assert_eq!(a.trip_group.as_deref(), Some("京津冀招商小分队"));
    assert_eq!(a.trip_leader.as_deref(), Some("李县长"));
    assert_eq!(a.trip_members.as_deref(), Some("王磊、张敏"));
    assert_eq!(a.visited_companies.as_deref(), Some("北京某新能源公司"));
    assert_eq!(a.outcomes.as_deref(), Some("达成投资意向一项"));
    assert_eq!(a.next_steps, None, "blank is none");
    // Read back from the file, not only the returned value.
    let again = f.ledger.activity(&a.id).unwrap();
    assert_eq!(again.trip(), a.trip());
    assert_eq!(again.trip().trip_group.as_deref(), Some("京津冀招商小分队"));
}

#[test]
fn a_too_long_trip_field_is_refused_at_its_field_and_nothing_is_written() {
    let mut f = fixture();
    for (field, t) in [
        (
            "trip_group",
            TripDetails {
                trip_group: Some("团".repeat(101)),
                ..Default::default()
            },
        ),
        (
            "outcomes",
            TripDetails {
                outcomes: Some("成".repeat(4001)),
                ..Default::default()
            },
        ),
        (
            "trip_members",
            TripDetails {
                trip_members: Some("员".repeat(501)),
                ..Default::default()
            },
        ),
    ] {
        let e = f.ledger.create_activity(&input(&f, t)).unwrap_err();
        assert_eq!(e.field(), Some(field), "{e}");
        assert!(e.to_string().contains("过长"), "{e}");
    }
    assert!(f.ledger.recent_activities(10).unwrap().is_empty());
}

#[test]
fn trip_details_are_edited_and_undo_puts_them_back() {
    let mut f = fixture();
    let a = f.ledger.create_activity(&input(&f, trip())).unwrap();
    let mut edited = input(&f, a.trip());
    edited.trip.outcomes = Some("签订框架协议".into());
    edited.trip.trip_leader = None;
    edited.trip.next_steps = Some("六月回访".into());
    let b = f.ledger.update_activity(&a.id, &edited).unwrap();
    assert_eq!(b.outcomes.as_deref(), Some("签订框架协议"));
    assert_eq!(b.trip_leader, None);
    assert_eq!(b.next_steps.as_deref(), Some("六月回访"));
    let history = f.ledger.history("activities", &a.id).unwrap();
    assert!(
        history.iter().any(|h| h.field == "outcomes"),
        "the change log records the field"
    );

    let last = f.ledger.last_undoable().unwrap().expect("undoable");
    for label in ["取得成果", "带队领导", "下一步打算"] {
        assert!(last.description.contains(label), "{}", last.description);
    }
    f.ledger.undo(&last.tx_id).unwrap();
    let back = f.ledger.activity(&a.id).unwrap();
    assert_eq!(back.trip(), a.trip(), "撤销 puts every trip field back");

    // An edit of another field leaves the trip fields alone, and its undo too.
    let mut other = input(&f, back.trip());
    other.summary = Some("补充纪要".into());
    f.ledger.update_activity(&a.id, &other).unwrap();
    let last = f.ledger.last_undoable().unwrap().expect("undoable");
    f.ledger.undo(&last.tx_id).unwrap();
    let back = f.ledger.activity(&a.id).unwrap();
    assert_eq!((back.summary.clone(), back.trip()), (None, a.trip()));
}

#[test]
fn a_company_merge_keeps_the_trip_details_of_its_activities() {
    let mut f = fixture();
    let keep = f.company("北京新能源科技有限公司", "110108");
    let merge = f.company("北京新能源科技公司", "110108");
    let mut i = input(&f, trip());
    i.company_ids = vec![merge.id.clone()];
    let a = f.ledger.create_activity(&i).unwrap();
    f.ledger.merge_companies(&keep.id, &merge.id).unwrap();
    let after = f.ledger.activity(&a.id).unwrap();
    assert_eq!(after.company_ids, vec![keep.id.clone()]);
    assert_eq!(after.trip(), a.trip());
}

#[test]
fn trip_details_travel_by_sync_both_ways() {
    let f = fixture();
    let dir = &f.dir;
    let mut a = f.ledger;
    let officer = f.officer.id.clone();
    let mut i = ActivityInput {
        kind: ActivityKind::OutboundTrip,
        occurred_on: d(2022, 5, 10),
        place: Some("上海".into()),
        destination_code: Some("310115".into()),
        summary: None,
        follow_up_on: None,
        officer_ids: vec![officer],
        company_ids: vec![],
        project_ids: vec![],
        trip: trip(),
    };
    let act = a.create_activity(&i).unwrap();
    let mut b = Ledger::open(dir.path().join("b.sqlite3")).unwrap();
    b.set_today(Some(d(2022, 12, 31)));
    let send = |from: &Ledger, to: &mut Ledger| {
        let bundle = from.export_changes(&to.sync_seen().unwrap()).unwrap();
        let path = dir.path().join("bundle.zsync");
        write_bundle(&bundle, &path).unwrap();
        to.import_changes(&read_bundle(&path).unwrap()).unwrap();
    };
    send(&a, &mut b);
    assert_eq!(b.activity(&act.id).unwrap().trip(), act.trip());

    i.trip.outcomes = Some("对方同意来县考察".into());
    i.trip.trip_members = None;
    b.update_activity(&act.id, &i).unwrap();
    send(&b, &mut a);
    let on_a = a.activity(&act.id).unwrap();
    assert_eq!(on_a.outcomes.as_deref(), Some("对方同意来县考察"));
    assert_eq!(on_a.trip_members, None);
    assert_eq!(on_a.trip_group.as_deref(), Some("京津冀招商小分队"));
}
