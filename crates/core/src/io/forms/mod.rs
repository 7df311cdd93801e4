//! Forms sent upward (上报报表): export templates an office defines once and reuses, and the
//! built-in weekly 在谈项目信息采集表 and monthly 月报.
