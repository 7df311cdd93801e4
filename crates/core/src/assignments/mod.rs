//! 交办单/督办单: tasks on projects assigned to an officer or a 包保领导 with a due date,
//! moving 交办 → 办理中 → 办结; overdue ones are 催办/督办.
