// Shapes of the data Python sends (see gui/bridge_methods.py, methods_editing.py,
// methods_preview.py).

export interface NoteTypeSummary {
  id: number;
  name: string;
  kind: "standard" | "cloze";
  cardTypes: string[];
  fields: string[];
  noteCount: number;
}

export interface SessionInfo {
  addon: { name: string; version: string };
  ankiVersion: number;
  protocol: number;
  night: boolean;
  notetypeId: number | null;
  noteId: number | null;
  configProblems: string[];
  developerMode: boolean;
  alerts: AlertInfo[];
}

export interface AlertInfo {
  name: string;
  percentile: number;
  limitMs: number;
  valueMs: number;
  active: boolean;
}

export interface StartOptions {
  notetypeId?: number | null;
  noteId?: number | null;
  night?: boolean;
  /** Set when Python reloaded a crashed or hung page: what to tell the user. The autosaved
   *  draft of the note type is then restored without asking. */
  recovered?: string | null;
}

export interface CardTemplate {
  name: string;
  ord: number | null;
  qfmt: string;
  afmt: string;
  did?: number | null;
  bqfmt?: string;
  bafmt?: string;
  bfont?: string;
  bsize?: number;
  [key: string]: unknown;
}

export interface NoteTypeDict {
  id: number;
  name: string;
  type: number;
  css: string;
  tmpls: CardTemplate[];
  flds: { name: string; [key: string]: unknown }[];
  [key: string]: unknown;
}

export interface OpenedNoteType {
  notetype: NoteTypeDict;
  fingerprint: string;
  restorableDraft: {
    notetype: NoteTypeDict;
    savedAt: number;
    baseFingerprint: string;
    baseChanged: boolean;
  } | null;
}

export interface Diagnostic {
  severity: "error" | "warning" | "info";
  code: string;
  message: string;
  card_type: number | null;
  side: "front" | "back" | "css" | null;
  line: number | null;
  column: number | null;
  component_id: string | null;
  fix: string | null;
}

export interface SchemaChanges {
  added: string[];
  removed: string[];
  reordered: boolean;
  requiresFullSync: boolean;
  description: string;
}

export interface PreviewResult {
  seq: number;
  noteId: number | null;
  isSample: boolean;
  problem: boolean;
  clozeNumbers: number[];
}

export interface NoteChoice {
  id: number;
  label: string;
}

export type EditorSide = "front" | "back" | "css";
export type Device = "desktop" | "tablet" | "phone";

export interface PreviewSettings {
  side: "question" | "answer";
  night: boolean;
  mobile: boolean;
  device: Device;
  noteId: number | null;
  clozeNumber: number;
  fillEmpty: boolean;
}
