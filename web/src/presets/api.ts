// The presets.* and onboarding.* bridge calls, typed. Nothing else talks to Python here.

import type { Bridge } from "../bridge";
import type { NoteTypeDict } from "../types";
import type { ApplyReply, FieldChoice, ImportReply, MappingReply, PresetKind, PresetList, PresetSummary, Thumbnail } from "./types";

export type PresetSource =
  | { draft: NoteTypeDict }
  | { draft: NoteTypeDict; selection: { cardOrd: number; side: "front" | "back"; nodeIds: string[] } }
  | { template: string; css?: string };

export class PresetApi {
  constructor(private readonly bridge: Bridge) {}

  list(): Promise<PresetList> {
    return this.bridge.call<PresetList>("presets.list");
  }

  thumbnails(draft: NoteTypeDict, night: boolean, ids?: string[]): Promise<Record<string, Thumbnail>> {
    return this.bridge.call<{ thumbnails: Record<string, Thumbnail> }>("presets.thumbnails", { draft, night, ...(ids ? { ids } : {}) }).then((r) => r.thumbnails);
  }

  mapping(id: string, draft: NoteTypeDict, mapping?: FieldChoice): Promise<MappingReply> {
    return this.bridge.call<MappingReply>("presets.mapping", { id, draft, ...(mapping ? { mapping } : {}) });
  }

  apply(id: string, draft: NoteTypeDict, mapping?: FieldChoice): Promise<ApplyReply> {
    return this.bridge.call<ApplyReply>("presets.apply", { id, draft, ...(mapping ? { mapping } : {}) });
  }

  /** What a snippet's block inserts for a note type with `fields` (fields renamed). */
  snippetText(id: string, fields: string[]): Promise<string | null> {
    return this.bridge.call<{ text: string | null }>("presets.snippetText", { id, fields }).then((r) => r.text);
  }

  create(kind: PresetKind, name: string, description: string, source: PresetSource): Promise<PresetSummary> {
    return this.bridge.call<PresetSummary>("presets.create", { kind, name, description, source });
  }

  rename(preset: PresetSummary, name: string): Promise<PresetSummary> {
    return this.bridge.call<PresetSummary>("presets.rename", { id: preset.id, etag: preset.etag, name });
  }

  duplicate(preset: PresetSummary): Promise<PresetSummary> {
    return this.bridge.call<PresetSummary>("presets.duplicate", { id: preset.id });
  }

  delete(preset: PresetSummary): Promise<void> {
    return this.bridge.call<void>("presets.delete", { id: preset.id, etag: preset.etag });
  }

  export(preset: PresetSummary): Promise<{ cancelled?: true; path?: string; format?: string; bytes?: number }> {
    return this.bridge.call("presets.export", { id: preset.id });
  }

  /** Without a token: the host's file dialog; with one: the user's decision. */
  import(token?: string, decision?: "strip" | "keep" | "cancel"): Promise<ImportReply> {
    return this.bridge.call<ImportReply>("presets.import", token ? { token, decision } : {});
  }

  installMedia(id: string): Promise<{ written: string[] }> {
    return this.bridge.call<{ written: string[] }>("presets.installMedia", { id });
  }
}
