// What the presets.* bridge methods return (docs/presets.md). Preset names and
// descriptions are the user's (or an imported file's) text: shown with textContent only.

import type { InertNode } from "../canvas/tree";
import type { NoteTypeDict, SchemaChanges } from "../types";

export type PresetKind = "design" | "theme" | "snippet";

export interface PresetSummary {
  id: string;
  kind: PresetKind;
  name: string;
  description: string;
  revision: number;
  modified: string;
  builtin: boolean;
  fields: string[];
  media: string[];
  etag: string;
  noteKind?: "standard" | "cloze";
  cardTypes?: string[];
}

export interface PresetList {
  presets: PresetSummary[];
  problems: { path: string; message: string }[];
}

export interface Thumbnail {
  kind: PresetKind;
  /** Why the preset cannot be applied to this note type (then no nodes). */
  error: string | null;
  nodes: InertNode[];
  css: string;
  bodyClass?: string;
  problem?: boolean;
  isSample?: boolean;
  /** Preset fields the best guess leaves unmapped (the note type has fewer fields). */
  unmapped?: string[];
}

export interface MappingPair {
  from: string;
  to: string | null;
  how: "exact" | "case" | "synonym" | "order" | "user" | null;
}

export interface MappingReply {
  presetFields: string[];
  noteFields: string[];
  mapping: MappingPair[];
  unmapped: string[];
}

export interface ApplyReply {
  draft: NoteTypeDict;
  mapping: MappingPair[];
  unmapped: string[];
  unusedFields: string[];
  addedCardTypes: string[];
  keptCardTypes: string[];
  snippet: string | null;
  media: string[];
  schemaChanges: SchemaChanges | null;
}

export interface Finding {
  kind: string;
  path: string;
  line: number;
  column: number;
  excerpt: string;
  message: string;
}

export interface ImportPlan {
  token: string;
  path: string;
  name: string;
  storedAs: string;
  kind: PresetKind;
  findings: Finding[];
  media: string[];
}

export type ImportReply =
  | { cancelled: true }
  | { imported: PresetSummary }
  | { needsDecision: true; plan: ImportPlan };

/** `{presetField: noteField or null}`, as presets.mapping / presets.apply take it. */
export type FieldChoice = Record<string, string | null>;
