import i18n from "i18next";
import { initReactI18next } from "react-i18next";

// Chinese first; zh-TW and English switchable in 设置 and the top bar.
const zhCN = {
  app: "招商台账",
  nav: { dashboard: "工作台", projects: "项目库", quick: "快速记录", followups: "跟进提醒", settings: "设置" },
  common: {
    save: "保存", cancel: "取消", delete: "删除", add: "添加", search: "搜索", loading: "加载中…",
    undo: "撤销", none: "无", all: "全部", yes: "是", no: "否", copy: "复制", copied: "已复制",
    close: "关闭", edit: "编辑", restore: "恢复", saved: "已保存",
  },
  setup: {
    title: "欢迎使用招商台账", lead: "请选择如何开始：", demo: "打开演示台账", demoHint: "凌源市投资促进服务中心 2021年至2022年6月的台账，可直接看到报表。",
    empty: "新建空台账", emptyHint: "从零开始录入本单位的项目与活动。", office: "单位名称", working: "正在准备台账…",
  },
  dash: {
    period: "统计区间", region: "来源区域", trips: "外出招商", tripsUnit: "次", contacted: "对接洽谈项目", signed: "签约项目",
    signedInvestment: "签约总投资", started: "落地开工项目", operating: "投产项目", unit: "个", yoy: "同比",
    targets: "目标完成情况", funnel: "项目阶段漏斗（期末）", byRegion: "按来源区域", byIndustry: "按产业链",
    trend: "月度趋势", briefing: "简报", keyProjects: "重点项目", negotiating: "在谈", lead: "储备",
    presets: { suggested: "默认区间", ytd: "今年以来", h1: "上半年", year: "全年" }, newStarts: "新开工", resumed: "复工",
    more: "展开全部（{{count}}条）", less: "收起", charts: "图表", computing: "正在统计…",
  },
  projects: {
    title: "项目库", new: "新建项目", searchPlaceholder: "搜索项目或企业名称", total: "共 {{count}} 个项目，总投资 {{money}}",
    name: "项目名称", company: "投资方", investment: "总投资", industry: "产业链", region: "来源区域", stage: "阶段",
    team: "团队", officer: "责任人", signedOn: "签约日期", startedOn: "开工日期", flags: "标记", key: "重点", enclave: "飞地",
    relocation: "承接转移", highEnergy: "两高", allStages: "全部阶段", empty: "没有符合条件的项目",
    periodField: "日期类型", from: "起", to: "止",
    periodFields: { Signed: "签约日期", Started: "开工日期", Operating: "投产日期", Created: "登记日期", Contacted: "期间内有对接" },
    tiers: { Over10Yi: "10亿以上", Over1Yi: "1亿–10亿", Over5000Wan: "5000万–1亿", Under5000Wan: "5000万以下" },
  },
  detail: {
    back: "返回项目库", fields: "项目信息", timeline: "阶段记录", activities: "对接记录", history: "修改记录",
    addStage: "登记阶段变化", stageDate: "日期", kind: "建设类型", note: "说明", investmentWan: "总投资（万元）",
    content: "建设内容", park: "所在园区", unit: "责任单位", issues: "需协调事项", nextStep: "下一步工作", notes: "备注",
    followUp: "跟进日期", sponsor: "包保领导", deleted: "项目已删除。", companyNew: "新企业名称", companyPick: "选择已有企业",
    origin: "来源地", firstStage: "初始阶段", created: "已创建", activityDeleted: "记录已删除。",
    highEnergyWarning: "两高项目（高耗能高排放）：请按规定甄别，报表中单独统计。", upgrade: "升格",
  },
  quick: {
    title: "快速记录", kind: "类型", date: "日期", projects: "关联项目", officers: "参与人员", summary: "内容摘要",
    followUp: "跟进日期", destination: "目的地", save: "保存记录（Ctrl+Enter）", saved: "记录已保存", draft: "草稿已自动保存",
    recent: "最近记录", pickProject: "输入项目名称查找，回车选中", hint: "Alt+数字键 1–6 切换类型", filterOfficers: "输入姓名筛选",
  },
  follow: { title: "跟进提醒", due: "待跟进", stalled: "停滞项目", overdue: "逾期 {{days}} 天", left: "还有 {{days}} 天", today: "今天", days: "{{days}} 天未推进" },
  settings: {
    title: "设置", teams: "招商团队", officers: "招商专员", industries: "产业链", targets: "年度目标", regions: "来源区域",
    language: "界面语言", newName: "名称", team: "所属团队", cities: "{{count}} 个城市", year: "年份", metric: "指标", periodLabel: "期间", value: "目标值",
    recycleBin: "回收站", tables: { projects: "项目", companies: "企业", activities: "活动" },
  },
  stage: { Lead: "线索", Negotiating: "洽谈", Signed: "签约", Started: "开工", Operating: "投产", OnHold: "搁置", Dropped: "终止" },
  kind: { OutboundTrip: "外出招商", IncomingVisit: "来访接待", Call: "电话", VideoMeeting: "视频洽谈", PromotionEvent: "推介会", SigningCeremony: "签约仪式" },
  construction: { New: "新建", Continued: "续建", Resumed: "复工" },
  targetMetric: {
    Trips: "外出招商次数", Contacted: "对接洽谈项目", Signed: "签约项目", SignedOver5000Wan: "引进5000万元以上项目",
    SignedInvestment: "签约总投资（元）", Started: "落地开工项目", StartedNew: "新开工项目", StartedResumed: "复工项目",
    Operating: "投产项目", KeyProjects: "重点项目",
  },
  targetPeriod: { Year: "全年", H1: "上半年", H2: "下半年", Q1: "一季度", Q2: "二季度", Q3: "三季度", Q4: "四季度" },
  errors: { title: "出错了", openFailed: "台账文件无法打开", notNumber: "请输入数字（万元）。" },
};

type Messages = typeof zhCN;

const zhTW: Messages = {
  ...zhCN,
  app: "招商臺賬",
  nav: { dashboard: "工作臺", projects: "項目庫", quick: "快速記錄", followups: "跟進提醒", settings: "設定" },
  common: { ...zhCN.common, save: "儲存", delete: "刪除", add: "新增", search: "搜尋", loading: "載入中…", undo: "復原", copy: "複製", copied: "已複製", close: "關閉", edit: "編輯", restore: "還原", saved: "已儲存" },
  setup: { ...zhCN.setup, title: "歡迎使用招商臺賬", demo: "開啟示範臺賬", empty: "新建空臺賬", office: "單位名稱", working: "正在準備臺賬…" },
  dash: { ...zhCN.dash, period: "統計區間", region: "來源區域", contacted: "對接洽談項目", signed: "簽約項目", signedInvestment: "簽約總投資", started: "落地開工項目", operating: "投產項目", yoy: "同比", targets: "目標完成情況", funnel: "項目階段漏斗（期末）", byRegion: "按來源區域", byIndustry: "按產業鏈", trend: "月度趨勢", briefing: "簡報", keyProjects: "重點項目", negotiating: "在談", lead: "儲備", newStarts: "新開工", resumed: "復工", more: "展開全部（{{count}}條）", less: "收起", charts: "圖表", computing: "正在統計…" },
  projects: { ...zhCN.projects, title: "項目庫", new: "新建項目", searchPlaceholder: "搜尋項目或企業名稱", total: "共 {{count}} 個項目，總投資 {{money}}", name: "項目名稱", company: "投資方", investment: "總投資", industry: "產業鏈", region: "來源區域", stage: "階段", team: "團隊", officer: "責任人", signedOn: "簽約日期", startedOn: "開工日期", key: "重點", enclave: "飛地", relocation: "承接轉移", highEnergy: "兩高", allStages: "全部階段", empty: "沒有符合條件的項目", periodField: "日期類型", periodFields: { Signed: "簽約日期", Started: "開工日期", Operating: "投產日期", Created: "登記日期", Contacted: "期間內有對接" }, tiers: { Over10Yi: "10億以上", Over1Yi: "1億–10億", Over5000Wan: "5000萬–1億", Under5000Wan: "5000萬以下" } },
  detail: { ...zhCN.detail, back: "返回項目庫", fields: "項目資訊", timeline: "階段記錄", activities: "對接記錄", history: "修改記錄", addStage: "登記階段變化", investmentWan: "總投資（萬元）", deleted: "項目已刪除。", activityDeleted: "記錄已刪除。", highEnergyWarning: "兩高項目（高耗能高排放）：請按規定甄別，報表中單獨統計。", upgrade: "升格" },
  quick: { ...zhCN.quick, title: "快速記錄", projects: "關聯項目", officers: "參與人員", summary: "內容摘要", followUp: "跟進日期", save: "儲存記錄（Ctrl+Enter）", saved: "記錄已儲存", draft: "草稿已自動儲存", recent: "最近記錄", pickProject: "輸入項目名稱查找，Enter 選中", hint: "Alt+數字鍵 1–6 切換類型", filterOfficers: "輸入姓名篩選" },
  follow: { ...zhCN.follow, title: "跟進提醒", due: "待跟進", stalled: "停滯項目", overdue: "逾期 {{days}} 天", left: "還有 {{days}} 天" },
  settings: { ...zhCN.settings, title: "設定", teams: "招商團隊", officers: "招商專員", industries: "產業鏈", targets: "年度目標", regions: "來源區域", language: "介面語言", recycleBin: "資源回收筒", tables: { projects: "項目", companies: "企業", activities: "活動" } },
  stage: { Lead: "線索", Negotiating: "洽談", Signed: "簽約", Started: "開工", Operating: "投產", OnHold: "擱置", Dropped: "終止" },
  kind: { OutboundTrip: "外出招商", IncomingVisit: "來訪接待", Call: "電話", VideoMeeting: "視訊洽談", PromotionEvent: "推介會", SigningCeremony: "簽約儀式" },
  construction: { New: "新建", Continued: "續建", Resumed: "復工" },
  targetMetric: {
    Trips: "外出招商次數", Contacted: "對接洽談項目", Signed: "簽約項目", SignedOver5000Wan: "引進5000萬元以上項目",
    SignedInvestment: "簽約總投資（元）", Started: "落地開工項目", StartedNew: "新開工項目", StartedResumed: "復工項目",
    Operating: "投產項目", KeyProjects: "重點項目",
  },
  targetPeriod: { Year: "全年", H1: "上半年", H2: "下半年", Q1: "第一季", Q2: "第二季", Q3: "第三季", Q4: "第四季" },
  errors: { title: "發生錯誤", openFailed: "臺賬檔案無法開啟", notNumber: "請輸入數字（萬元）。" },
};

const en: Messages = {
  app: "Zhaoshang Ledger",
  nav: { dashboard: "Dashboard", projects: "Projects", quick: "Quick entry", followups: "Follow-ups", settings: "Settings" },
  common: { save: "Save", cancel: "Cancel", delete: "Delete", add: "Add", search: "Search", loading: "Loading…", undo: "Undo", none: "None", all: "All", yes: "Yes", no: "No", copy: "Copy", copied: "Copied", close: "Close", edit: "Edit", restore: "Restore", saved: "Saved" },
  setup: { title: "Welcome to Zhaoshang Ledger", lead: "How would you like to start?", demo: "Open the demo ledger", demoHint: "Lingyuan's promotion office, Jan 2021 – Jun 2022, with reports ready.", empty: "Start an empty ledger", emptyHint: "Enter your own office's projects and activities.", office: "Office name", working: "Preparing the ledger…" },
  dash: { period: "Period", region: "Region", trips: "Trips", tripsUnit: "", contacted: "Projects in talks", signed: "Signed", signedInvestment: "Signed investment", started: "Started", operating: "In production", unit: "", yoy: "YoY", targets: "Targets", funnel: "Pipeline at period end", byRegion: "By region", byIndustry: "By industry", trend: "Monthly trend", briefing: "Briefing", keyProjects: "Key projects", negotiating: "In talks", lead: "Leads", presets: { suggested: "Default", ytd: "Year to date", h1: "H1", year: "Full year" }, newStarts: "new", resumed: "resumed", more: "Show all ({{count}})", less: "Show less", charts: "Charts", computing: "Counting…" },
  projects: { title: "Projects", new: "New project", searchPlaceholder: "Search projects or companies", total: "{{count}} projects, {{money}} in total", name: "Project", company: "Investor", investment: "Investment", industry: "Industry", region: "Region", stage: "Stage", team: "Team", officer: "Officer", signedOn: "Signed", startedOn: "Started", flags: "Flags", key: "Key", enclave: "Enclave", relocation: "Relocation", highEnergy: "High-energy", allStages: "All stages", empty: "No matching projects", periodField: "Date", from: "From", to: "To", periodFields: { Signed: "Signed on", Started: "Started on", Operating: "Operating since", Created: "Registered on", Contacted: "Contacted in" }, tiers: { Over10Yi: "≥ 1B", Over1Yi: "100M–1B", Over5000Wan: "50M–100M", Under5000Wan: "< 50M" } },
  detail: { back: "Back to projects", fields: "Details", timeline: "Stage history", activities: "Activities", history: "Change history", addStage: "Record a stage change", stageDate: "Date", kind: "Construction", note: "Note", investmentWan: "Investment (10k CNY)", content: "Content", park: "Park", unit: "Responsible unit", issues: "Issues to coordinate", nextStep: "Next step", notes: "Notes", followUp: "Follow-up date", sponsor: "Sponsor", deleted: "Project deleted.", companyNew: "New company name", companyPick: "Pick a company", origin: "Origin", firstStage: "First stage", created: "Created", activityDeleted: "Activity deleted.", highEnergyWarning: "High energy / high emission project: screen it as required; reports count it separately.", upgrade: "Upgrade" },
  quick: { title: "Quick entry", kind: "Kind", date: "Date", projects: "Projects", officers: "Officers", summary: "Summary", followUp: "Follow-up", destination: "Destination", save: "Save (Ctrl+Enter)", saved: "Saved", draft: "Draft saved", recent: "Recent entries", pickProject: "Type to find a project, Enter picks", hint: "Alt+1…6 switch the kind", filterOfficers: "Filter by name" },
  follow: { title: "Follow-ups", due: "Due", stalled: "Stalled", overdue: "{{days}} days overdue", left: "in {{days}} days", today: "today", days: "{{days}} days in stage" },
  settings: { title: "Settings", teams: "Teams", officers: "Officers", industries: "Industries", targets: "Annual targets", regions: "Region groups", language: "Language", newName: "Name", team: "Team", cities: "{{count}} cities", year: "Year", metric: "Metric", periodLabel: "Period", value: "Target", recycleBin: "Recycle bin", tables: { projects: "Project", companies: "Company", activities: "Activity" } },
  stage: { Lead: "Lead", Negotiating: "Negotiating", Signed: "Signed", Started: "Started", Operating: "Operating", OnHold: "On hold", Dropped: "Dropped" },
  kind: { OutboundTrip: "Trip", IncomingVisit: "Visit", Call: "Call", VideoMeeting: "Video meeting", PromotionEvent: "Promotion event", SigningCeremony: "Signing ceremony" },
  construction: { New: "New", Continued: "Continued", Resumed: "Resumed" },
  targetMetric: {
    Trips: "Trips", Contacted: "Projects in talks", Signed: "Signed projects", SignedOver5000Wan: "Signed ≥ 50M CNY",
    SignedInvestment: "Signed investment (CNY)", Started: "Started projects", StartedNew: "New starts", StartedResumed: "Resumed",
    Operating: "In production", KeyProjects: "Key projects",
  },
  targetPeriod: { Year: "Year", H1: "H1", H2: "H2", Q1: "Q1", Q2: "Q2", Q3: "Q3", Q4: "Q4" },
  errors: { title: "Something went wrong", openFailed: "The ledger file could not be opened", notNumber: "Enter a number (in 10k CNY)." },
};

export const LANGUAGES = [
  { code: "zh-CN", label: "简体中文" },
  { code: "zh-TW", label: "繁體中文" },
  { code: "en", label: "English" },
];

void i18n.use(initReactI18next).init({
  resources: { "zh-CN": { translation: zhCN }, "zh-TW": { translation: zhTW }, en: { translation: en } },
  lng: (typeof localStorage !== "undefined" && localStorage.getItem("zs.lang")) || "zh-CN",
  fallbackLng: "zh-CN",
  interpolation: { escapeValue: false },
  showSupportNotice: false,
});

export default i18n;
