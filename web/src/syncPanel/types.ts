// What features/sync/ answers (sync.status, sync.configure, sync.now, sync.resolve).

export type SyncState = "synced" | "pending" | "syncing" | "offline" | "conflict" | "error";

export interface SyncConflict {
  name: string;
  notetype: string;
  key: string;
}

export interface SyncRun {
  startedAt: number;
  finishedAt: number;
  outcome: string;
  message: string;
  pulled: number;
  pushed: number;
  deleted: number;
  conflicts: number;
  covered: number;
}

export interface SyncSettings {
  remote: string;
  s3Endpoint: string;
  s3Region: string;
  configured: boolean;
  secretsSet: string[];
}

export interface SyncStatusReply {
  state: SyncState;
  message: string;
  progress: number | null;
  retryAt: number | null;
  failures: number;
  conflicts: SyncConflict[];
  queue: { notetypeId: number; changedAt: number }[];
  lastRuns: SyncRun[];
  settings: SyncSettings;
  recoveryCode: string | null;
}
