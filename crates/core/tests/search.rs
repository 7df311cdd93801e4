//! Search: Chinese substring (FTS5 trigram, LIKE under three characters), full pinyin and
//! initials, traditional characters, aliases; the index follows every write through triggers.

use crate::common::*;
use zhaoshang_core::search::{MatchedBy, SearchKind};
use zhaoshang_core::*;

fn names(hits: &[zhaoshang_core::search::SearchHit]) -> Vec<String> {
    hits.iter().map(|h| h.name.clone()).collect()
}

fn setup() -> Fixture {
    let mut f = fixture();
    let c = f.company("凌源钢铁股份有限公司", "211382");
    f.company("鞍山钢铁集团有限公司", "210300");
    f.company("重庆长安汽车股份有限公司", "500103");
    f.ledger
        .create_project(&NewProject {
            project: ProjectInput {
                name: "年产10万吨精密铸件项目".into(),
                company_id: Some(c.id),
                ..Default::default()
            },
            first_stage: Stage::Lead,
            first_stage_on: d(2022, 1, 1),
            first_stage_date_unknown: false,
        })
        .unwrap();
    f
}

#[test]
fn chinese_substrings_long_and_short() {
    let f = setup();
    let hits = f.ledger.search("凌源钢铁", 10).unwrap();
    assert_eq!(hits[0].name, "凌源钢铁股份有限公司");
    assert_eq!(hits[0].kind, SearchKind::Company);
    assert_eq!(hits[0].matched_by, MatchedBy::Name);
    // Two characters: the LIKE fallback.
    let hits = f.ledger.search("钢铁", 10).unwrap();
    assert_eq!(hits.len(), 2, "{:?}", names(&hits));
    let hits = f.ledger.search("铸", 10).unwrap();
    assert_eq!(names(&hits), vec!["年产10万吨精密铸件项目"]);
    assert_eq!(hits[0].detail.as_deref(), Some("凌源钢铁股份有限公司"));
    // Officers too.
    let hits = f.ledger.search("王磊", 10).unwrap();
    assert_eq!(hits[0].kind, SearchKind::Officer);
    assert_eq!(hits[0].detail.as_deref(), Some("招商一组"));
    assert!(f.ledger.search("不存在的名字", 10).unwrap().is_empty());
    assert!(f.ledger.search("  ", 10).unwrap().is_empty());
    // Characters special to FTS or LIKE are plain text.
    for q in ["\"", "%", "_", "a\"b OR c", "*", "NEAR(", "钢\"铁"] {
        f.ledger.search(q, 10).unwrap();
    }
}

#[test]
fn names_with_pattern_characters_are_found_literally() {
    // GLOB (the trigram index, three characters and more) and LIKE (shorter) patterns are
    // built from the query: their special characters must match only themselves.
    let mut f = setup();
    f.company("星*号[新材料]科技有限公司", "211382");
    f.company("百分之50%_产业园运营有限公司", "211382");
    f.company("星号新材料科技有限公司", "211382");
    for (q, want) in [
        ("星*号", "星*号[新材料]科技有限公司"),
        ("号[新材", "星*号[新材料]科技有限公司"),
        ("50%_产", "百分之50%_产业园运营有限公司"),
        ("%_", "百分之50%_产业园运营有限公司"),
    ] {
        let hits = f.ledger.search(q, 10).unwrap();
        assert_eq!(names(&hits), vec![want], "{q}");
    }
    // "?" in GLOB is any one character: here it is a question mark.
    assert!(f.ledger.search("星?号", 10).unwrap().is_empty());
    // Letters in a name are found through the readings, which hold them in order, and
    // reported as a match of the name.
    f.company("ABB Tech电气有限公司", "211382");
    for q in ["abbtech", "abb", "tech"] {
        let hits = f.ledger.search(q, 10).unwrap();
        assert_eq!(names(&hits), vec!["ABB Tech电气有限公司"], "{q}");
    }
    let hits = f.ledger.search("abb", 10).unwrap();
    assert_eq!(hits[0].matched_by, MatchedBy::Name);
}

#[test]
fn pinyin_full_and_initials() {
    let f = setup();
    let hits = f.ledger.search("lygt", 10).unwrap();
    assert_eq!(names(&hits), vec!["凌源钢铁股份有限公司"]);
    assert_eq!(hits[0].matched_by, MatchedBy::Pinyin);
    let hits = f.ledger.search("lingyuan", 10).unwrap();
    assert_eq!(hits[0].name, "凌源钢铁股份有限公司");
    let hits = f.ledger.search("LYGT", 10).unwrap();
    assert_eq!(hits[0].name, "凌源钢铁股份有限公司");
    // Heteronyms: 重庆 reads chongqing (and zhong… is kept too).
    let hits = f.ledger.search("cqca", 10).unwrap();
    assert_eq!(names(&hits), vec!["重庆长安汽车股份有限公司"]);
    // Two letters: initials prefix.
    let hits = f.ledger.search("ly", 10).unwrap();
    assert!(names(&hits).contains(&"凌源钢铁股份有限公司".to_string()));
    let hits = f.ledger.search("wl", 10).unwrap();
    assert_eq!(hits[0].name, "王磊");
}

#[test]
fn traditional_finds_simplified_and_back() {
    let mut f = setup();
    let hits = f.ledger.search("凌源鋼鐵", 10).unwrap();
    assert_eq!(hits[0].name, "凌源钢铁股份有限公司");
    f.company("臺灣鴻海精密工業", "110108");
    let hits = f.ledger.search("鸿海精密", 10).unwrap();
    assert_eq!(names(&hits), vec!["臺灣鴻海精密工業"]);
    let hits = f.ledger.search("hhjm", 10).unwrap();
    assert_eq!(names(&hits), vec!["臺灣鴻海精密工業"]);
}

#[test]
fn aliases() {
    let mut f = setup();
    f.ledger.add_search_alias("凌钢", "凌源钢铁").unwrap();
    let hits = f.ledger.search("凌钢", 10).unwrap();
    assert_eq!(hits[0].name, "凌源钢铁股份有限公司");
    assert_eq!(hits[0].matched_by, MatchedBy::Alias);
    let hits = f.ledger.search("凌鋼", 10).unwrap();
    assert_eq!(hits[0].name, "凌源钢铁股份有限公司", "traditional alias");
    let hits = f.ledger.search("凌钢股份", 10).unwrap();
    assert_eq!(hits[0].name, "凌源钢铁股份有限公司", "alias inside a query");
    assert_eq!(f.ledger.search_aliases().unwrap().len(), 1);
    let id = f.ledger.search_aliases().unwrap()[0].id.clone();
    f.ledger.delete_search_alias(&id).unwrap();
    assert!(f.ledger.search("凌钢", 10).unwrap().is_empty());
    assert!(f.ledger.add_search_alias("凌钢", "凌钢").is_err());
}

#[test]
fn the_index_follows_renames_deletes_and_restores() {
    let mut f = setup();
    let c = f.ledger.search_companies("鞍山", 1).unwrap().remove(0);
    f.ledger
        .update_company(
            &c.id,
            &CompanyInput {
                name: "鞍钢集团有限公司".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(f.ledger.search("鞍山钢铁", 10).unwrap().is_empty());
    assert_eq!(f.ledger.search("鞍钢集团", 10).unwrap()[0].id, c.id);
    assert_eq!(f.ledger.search("agjt", 10).unwrap()[0].id, c.id);
    f.ledger.delete_company(&c.id).unwrap();
    assert!(f.ledger.search("鞍钢集团", 10).unwrap().is_empty());
    f.ledger.restore_company(&c.id).unwrap();
    assert_eq!(f.ledger.search("鞍钢集团", 10).unwrap()[0].id, c.id);
}
