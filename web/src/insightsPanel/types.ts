// The insights report as services/analytics/report.py builds it (insights.report).

import type { Diagnostic, NoteTypeDict } from "../types";

/** A located finding: a lint diagnostic without the canvas component it points at. */
export type Located = Omit<Diagnostic, "component_id">;

export interface WeekPoint {
  start_ms: number;
  reviews: number;
  median_answer_s: number | null;
}

export interface CardTypeRow {
  card_ord: number;
  card_type: string;
  reviews: number;
  mature_reviews: number;
  mature_retention: number | null;
  lapses: number;
  mean_answer_s: number | null;
  median_answer_s: number | null;
  learning_steps: number | null;
  fsrs_difficulty: number | null;
  weeks: WeekPoint[];
}

export interface ChangeMark {
  card_ord: number | null;
  side: string;
  at_ms: number;
}

export interface Finding {
  message: string;
}

/** A one-click fix (insights.fix): the id names the finding at its place. */
export interface FixAction {
  id: string;
  label: string;
}

export interface FixReply {
  draft: NoteTypeDict;
  label: string;
  media: string[];
}

export interface Recommendation {
  reason: string;
  /** Advice in words, always there. */
  fix: string;
  action: FixAction | null;
  where: { card_type: number | null; side: string | null; line: number | null; column: number | null };
}

export interface NotetypeReport {
  notetype: string;
  notetype_id: number;
  usage: {
    fields: Record<string, number>;
    filters: Record<string, number>;
    sections: Record<string, number>;
    scripts: number;
    script_bytes: number;
    inline_handlers: number;
    media: Record<string, number>;
  };
  css: { rules: number; selectors: number; declarations: number; important: number; max_specificity: number[] };
  compatibility: Located[];
  score: { value: number; reasons: Located[] };
  learning: CardTypeRow[];
  changes: ChangeMark[];
  effects: Finding[];
  anomalies: Finding[];
  recommendations: Recommendation[];
}

export interface UsageSummary {
  enabled: boolean;
  sessions?: number;
  features?: Record<string, number>;
  median_time_to_first_save_s?: number | null;
}

export interface InsightsReport {
  collection: { notetypes: number; mean_score: number | null };
  notetypes: NotetypeReport[];
  performance: { slowest: { operation: string; p50_ms: number }[]; regressions: Finding[] };
  usage: UsageSummary;
}
