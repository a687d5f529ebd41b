import type { NoteTypeSummary } from "./types";

/** Note types whose name contains every word of the query (case- and accent-insensitive). */
export function filterNoteTypes(all: NoteTypeSummary[], query: string): NoteTypeSummary[] {
  const fold = (text: string) =>
    text.normalize("NFKD").replace(/\p{Diacritic}/gu, "").toLocaleLowerCase();
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return all;
  return all.filter((nt) => {
    const name = fold(nt.name);
    return words.every((word) => name.includes(word));
  });
}
