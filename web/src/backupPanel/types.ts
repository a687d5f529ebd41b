// The shapes of the backups.* bridge replies (docs/bridge.md).

export interface SnapshotRow {
  id: string;
  time: number;
  reason: string;
  profile: string;
  files: number;
  size: number;
  notetypes: string[];
  /** How many presets (designs, themes, snippets) the snapshot holds. */
  presets: number;
  /** The snapshot holds the designer's own data (presets, drafts, settings). */
  userData: boolean;
}

export interface SnapshotPreset {
  id: string;
  name: string;
  kind: string;
  /** As the profile has it now: the same, another version, or not at all. */
  state: "same" | "changed" | "missing";
}

export interface UserDataReply {
  before: string | null;
  files: number;
  config: boolean;
}

export interface BackupListing {
  location: string;
  exists: boolean;
  snapshots: SnapshotRow[];
  recoveryCode: string | null;
  /** Why the latest automatic backup failed, or null. */
  lastError: string | null;
}

export interface FileChange {
  path: string;
  current: string | null;
  snapshot: string | null;
}

export interface NotetypeChange {
  id: number | null;
  name: string;
  action: "add" | "update" | "unchanged";
  files: FileChange[];
  /** The snapshot's card types of this note type (one can be restored alone). */
  cardTypes: string[];
}

export interface RestoreReply {
  before: string;
  notetypes: { id: number; name: string; action: string }[];
}

export interface VerifyReply {
  ok: boolean;
  snapshots: number;
  objects: number;
  readData: boolean;
  problems: { object: string; problem: string; snapshots: string[] }[];
  /** A replica is set: damage can be repaired from it. */
  hasReplica: boolean;
  repaired: string[];
}

export interface VerifyProgress {
  busy: boolean;
  phase: string;
  done: number;
  total: number;
}

export interface BackupSettings {
  location: string;
  beforeSave: boolean;
  onProfileClose: boolean;
  daily: boolean;
  replica: string;
  retention: Retention;
  pruneDaily: boolean;
  path: string;
  hasPassphrase: boolean;
}

export interface Retention {
  last: number;
  daily: number;
  weekly: number;
  monthly: number;
}

export interface PruneReply {
  dryRun: boolean;
  kept: number;
  forgotten: SnapshotRow[];
  deletedFiles: number;
  deletedBytes: number;
}

export interface ActivityEntry {
  seq: number;
  time: number;
  profile: string;
  action: string;
  target: string;
}

export interface ActivityReply {
  entries: ActivityEntry[];
  total: number;
  ok: boolean;
  problems: string[];
}
