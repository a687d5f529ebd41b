// Shapes of the results Python sends (see gui/bridge_methods.py).

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
  configProblems: string[];
}

export interface StartOptions {
  notetypeId?: number | null;
  night?: boolean;
}
