//! 考核: the office's points table and the scores of officers and teams computed from the
//! ledger's facts, each point traced to the activity or stage change that earned it.
