// What createStore hands to the composition roots: the three repositories over one
// connection (SQLite) or pool (PostgreSQL).
import type { ApprovalRepository } from "../../ports/approvals.js";
import type { HistoryRepository } from "../../ports/history.js";
import type { ScheduleRepository } from "../../ports/schedules.js";

export interface Store {
  history: HistoryRepository;
  approvals: ApprovalRepository;
  schedules: ScheduleRepository;
  /** Closes the connection or pool; safe to call twice. `history.close()` does the same. */
  close(): Promise<void>;
}
