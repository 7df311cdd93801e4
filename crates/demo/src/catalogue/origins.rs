//! Where the demo's investors come from: the six region groups' counties, with the city word of
//! company names and the place a trip there is recorded at.

/// An investor's origin: GB/T 2260 county code, the city word in company names, the place a
/// trip there is recorded at.
pub(crate) struct Origin {
    pub(crate) code: &'static str,
    pub(crate) city: &'static str,
    pub(crate) place: &'static str,
}

const fn o(code: &'static str, city: &'static str, place: &'static str) -> Origin {
    Origin { code, city, place }
}

pub(crate) const JJJ: &[Origin] = &[
    o("110108", "北京", "北京中关村"),
    o("110105", "北京", "北京朝阳区"),
    o("110106", "北京", "北京丰台区"),
    o("110112", "北京", "北京城市副中心"),
    o("110115", "北京", "北京经济技术开发区"),
    o("110114", "北京", "北京昌平区"),
    o("110113", "北京", "北京顺义区"),
    o("110102", "北京", "北京西城区"),
    o("120116", "天津", "天津滨海新区"),
    o("120104", "天津", "天津南开区"),
    o("120111", "天津", "天津西青区"),
    o("120114", "天津", "天津武清区"),
    o("120113", "天津", "天津北辰区"),
    o("130203", "唐山", "唐山市"),
    o("130209", "唐山", "唐山曹妃甸区"),
    o("130283", "迁安", "河北迁安"),
    o("130281", "遵化", "河北遵化"),
    o("130602", "保定", "保定市"),
    o("131003", "廊坊", "廊坊市"),
    o("131082", "三河", "河北三河"),
    o("130104", "石家庄", "石家庄市"),
    o("130302", "秦皇岛", "秦皇岛市"),
    o("130802", "承德", "承德市"),
    o("130881", "平泉", "河北平泉"),
    o("130902", "沧州", "沧州市"),
    o("130402", "邯郸", "邯郸市"),
    o("130502", "邢台", "邢台市"),
    o("130682", "定州", "河北定州"),
];
pub(crate) const YRD: &[Origin] = &[
    o("310115", "上海", "上海浦东新区"),
    o("310112", "上海", "上海闵行区"),
    o("310114", "上海", "上海嘉定区"),
    o("320505", "苏州", "苏州高新区"),
    o("320583", "昆山", "江苏昆山"),
    o("320214", "无锡", "无锡新吴区"),
    o("320412", "常州", "常州武进区"),
    o("330106", "杭州", "杭州市"),
    o("330110", "杭州", "杭州余杭区"),
    o("330212", "宁波", "宁波市"),
    o("330681", "诸暨", "浙江诸暨"),
    o("340104", "合肥", "合肥市"),
    o("320111", "南京", "南京江北新区"),
];
pub(crate) const PRD: &[Origin] = &[
    o("440305", "深圳", "深圳南山区"),
    o("440306", "深圳", "深圳宝安区"),
    o("440106", "广州", "广州天河区"),
    o("440604", "佛山", "佛山市"),
    o("440606", "佛山", "佛山顺德区"),
    o("441900", "东莞", "东莞市"),
    o("440402", "珠海", "珠海市"),
    o("441302", "惠州", "惠州市"),
];
pub(crate) const NORTHEAST: &[Origin] = &[
    o("210102", "沈阳", "沈阳市"),
    o("210106", "沈阳", "沈阳铁西区"),
    o("210112", "沈阳", "沈阳浑南区"),
    o("210203", "大连", "大连市"),
    o("210213", "大连", "大连金普新区"),
    o("210302", "鞍山", "鞍山市"),
    o("220104", "长春", "长春市"),
    o("230103", "哈尔滨", "哈尔滨市"),
];
pub(crate) const LOCAL: &[Origin] = &[
    o("211382", "凌源", "凌源市"),
    o("211382", "凌源", "凌源市"),
    o("211302", "朝阳", "朝阳市"),
    o("211303", "朝阳", "朝阳市"),
    o("211322", "建平", "建平县"),
    o("211381", "北票", "北票市"),
];
pub(crate) const DOMESTIC: &[Origin] = &[
    o("370202", "青岛", "青岛市"),
    o("370102", "济南", "济南市"),
    o("410105", "郑州", "郑州市"),
    o("420106", "武汉", "武汉市"),
    o("510107", "成都", "成都市"),
    o("610113", "西安", "西安市"),
    o("150102", "呼和浩特", "呼和浩特市"),
    o("140105", "太原", "太原市"),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Region {
    Jjj,
    Yrd,
    Prd,
    Northeast,
    Local,
    Domestic,
}

impl Region {
    pub(crate) fn origins(self) -> &'static [Origin] {
        match self {
            Region::Jjj => JJJ,
            Region::Yrd => YRD,
            Region::Prd => PRD,
            Region::Northeast => NORTHEAST,
            Region::Local => LOCAL,
            Region::Domestic => DOMESTIC,
        }
    }
}
