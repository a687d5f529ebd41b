// What the gallery lists and which actions each entry offers. No DOM: tested in node.

import type { PresetKind, PresetSummary, Thumbnail } from "./types";

export type PresetAction = "apply" | "rename" | "duplicate" | "delete" | "export";

export interface GallerySection {
  id: "designs" | "mine" | "themes" | "snippets";
  title: string;
  entries: PresetSummary[];
}

const SECTION_TITLES: Record<GallerySection["id"], string> = {
  designs: "Built-in designs",
  mine: "My designs",
  themes: "Themes",
  snippets: "Snippets",
};

/** Built-in designs, the user's designs, then themes and snippets (built-in first, then
 *  the user's by name, as presets.list orders them). Empty sections are kept. */
export function gallerySections(presets: PresetSummary[], filter = ""): GallerySection[] {
  const wanted = filter.trim().toLocaleLowerCase();
  const shown = wanted
    ? presets.filter((p) => p.name.toLocaleLowerCase().includes(wanted) || p.description.toLocaleLowerCase().includes(wanted))
    : presets;
  const of = (id: GallerySection["id"], test: (p: PresetSummary) => boolean): GallerySection => ({
    id,
    title: SECTION_TITLES[id],
    entries: shown.filter(test),
  });
  return [
    of("designs", (p) => p.kind === "design" && p.builtin),
    of("mine", (p) => p.kind === "design" && !p.builtin),
    of("themes", (p) => p.kind === "theme"),
    of("snippets", (p) => p.kind === "snippet"),
  ];
}

/** Built-in presets can only be applied and duplicated (change the copy). */
export function actionsFor(preset: PresetSummary, thumbnail?: Thumbnail): PresetAction[] {
  const apply: PresetAction[] = thumbnail?.error ? [] : ["apply"];
  return preset.builtin ? [...apply, "duplicate"] : [...apply, "rename", "duplicate", "delete", "export"];
}

export const ACTION_LABELS: Record<PresetAction, string> = {
  apply: "Apply",
  rename: "Rename…",
  duplicate: "Duplicate",
  delete: "Delete…",
  export: "Export…",
};

export const KIND_LABELS: Record<PresetKind, string> = { design: "design", theme: "theme", snippet: "snippet" };

/** A short line under the name: what applying changes. */
export function subtitle(preset: PresetSummary): string {
  if (preset.kind === "design") {
    const cards = preset.cardTypes?.length ?? 0;
    const cloze = preset.noteKind === "cloze" ? "cloze, " : "";
    return `${cloze}${cards} card type${cards === 1 ? "" : "s"}; fields: ${preset.fields.join(", ") || "none"}`;
  }
  if (preset.kind === "theme") return "colours, fonts and spacing (CSS only)";
  return `drag it from Blocks › My snippets${preset.fields.length ? `; uses ${preset.fields.join(", ")}` : ""}`;
}
