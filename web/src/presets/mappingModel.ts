// The field-mapping step of applying a design: when it is needed and what to send.

import type { FieldChoice, MappingReply } from "./types";

/** The step is skipped when every preset field maps to a field of the same name. */
export function needsMapping(reply: MappingReply): boolean {
  return reply.mapping.some((pair) => pair.to !== pair.from);
}

/** The user's choices as presets.apply takes them ("" in a select means "not mapped"). */
export function choiceFrom(values: Record<string, string>): FieldChoice {
  const choice: FieldChoice = {};
  for (const [from, to] of Object.entries(values)) choice[from] = to === "" ? null : to;
  return choice;
}

/** Note fields chosen for more than one preset field (allowed, but worth a warning). */
export function repeatedTargets(choice: FieldChoice): string[] {
  const seen = new Map<string, number>();
  for (const to of Object.values(choice)) if (to) seen.set(to, (seen.get(to) ?? 0) + 1);
  return [...seen].filter(([, count]) => count > 1).map(([name]) => name);
}

export const HOW_LABELS: Record<string, string> = {
  exact: "same name",
  case: "same name, other case",
  synonym: "similar name",
  order: "guessed by position",
  user: "your choice",
};
