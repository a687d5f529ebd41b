// The Anki blocks: what each inserts (exact template text, written by Python at the drop
// position) and the ghost shown while dragging. Blocks never carry HTML strings for
// GrapesJS: `content` is a component definition used only as the drag ghost.

export interface BlockContext {
  fields: string[];
  isCloze: boolean;
  /** Field names already used on this side (a field block takes the first unused one). */
  used: Set<string>;
}

export interface AnkiBlock {
  id: string;
  label: string;
  category: string;
  /** The template text inserted at the drop position. */
  snippet(context: BlockContext): string;
}

const SPECIALS = ["Tags", "Deck", "Subdeck", "Card", "CardFlag", "Type", "CardID"];

function firstField(context: BlockContext): string {
  return context.fields[0] ?? "Front";
}

function unusedField(context: BlockContext): string {
  return context.fields.find((name) => !context.used.has(name)) ?? firstField(context);
}

function secondField(context: BlockContext): string {
  return context.fields[1] ?? firstField(context);
}

const FIELDS = "Anki fields";
const CONDITIONS = "Conditions";
const MEDIA = "Media and speech";
const LAYOUT = "Layout";
const TEXT = "Text";

export const BLOCKS: AnkiBlock[] = [
  { id: "field", label: "Field", category: FIELDS, snippet: (c) => `{{${unusedField(c)}}}` },
  { id: "cloze", label: "Cloze", category: FIELDS, snippet: (c) => `{{cloze:${firstField(c)}}}` },
  { id: "cloze-only", label: "Cloze only", category: FIELDS, snippet: (c) => `{{cloze-only:${firstField(c)}}}` },
  { id: "hint", label: "Hint", category: FIELDS, snippet: (c) => `{{hint:${secondField(c)}}}` },
  { id: "type-in", label: "Type-in answer", category: FIELDS, snippet: (c) => (c.isCloze ? `{{type:cloze:${firstField(c)}}}` : `{{type:${secondField(c)}}}`) },
  { id: "front-side", label: "Front side", category: FIELDS, snippet: () => "{{FrontSide}}" },
  ...SPECIALS.map((name) => ({ id: `special-${name.toLowerCase()}`, label: name, category: FIELDS, snippet: () => `{{${name}}}` })),
  { id: "if-filled", label: "Show if filled", category: CONDITIONS, snippet: (c) => `{{#${secondField(c)}}}\n<div>{{${secondField(c)}}}</div>\n{{/${secondField(c)}}}` },
  { id: "if-empty", label: "Show if empty", category: CONDITIONS, snippet: (c) => `{{^${secondField(c)}}}\n<div>No ${secondField(c)}</div>\n{{/${secondField(c)}}}` },
  { id: "answer-divider", label: "Answer divider", category: CONDITIONS, snippet: () => "<hr id=answer>" },
  { id: "image", label: "Image", category: MEDIA, snippet: () => '<img src="image.jpg" alt="">' },
  { id: "audio", label: "Audio", category: MEDIA, snippet: () => "[sound:audio.mp3]" },
  { id: "tts", label: "Read aloud (TTS)", category: MEDIA, snippet: (c) => `{{tts en_US:${firstField(c)}}}` },
  { id: "tts-block", label: "TTS block", category: MEDIA, snippet: (c) => `[anki:tts lang=en_US]{{${firstField(c)}}}[/anki:tts]` },
  { id: "furigana", label: "Furigana", category: MEDIA, snippet: (c) => `{{furigana:${firstField(c)}}}` },
  { id: "kana", label: "Kana", category: MEDIA, snippet: (c) => `{{kana:${firstField(c)}}}` },
  { id: "kanji", label: "Kanji", category: MEDIA, snippet: (c) => `{{kanji:${firstField(c)}}}` },
  { id: "text", label: "Text", category: TEXT, snippet: () => "<p>Text</p>" },
  { id: "heading", label: "Heading", category: TEXT, snippet: () => "<h2>Heading</h2>" },
  { id: "list", label: "List", category: TEXT, snippet: () => "<ul>\n  <li>Item</li>\n  <li>Item</li>\n</ul>" },
  { id: "container", label: "Container", category: LAYOUT, snippet: () => '<div style="padding: 8px;"></div>' },
  {
    id: "columns",
    label: "Two columns",
    category: LAYOUT,
    snippet: () => '<div style="display: flex; gap: 12px;">\n  <div style="flex: 1;"></div>\n  <div style="flex: 1;"></div>\n</div>',
  },
  {
    id: "grid",
    label: "Grid",
    category: LAYOUT,
    snippet: () => '<div style="display: grid; grid-template-columns: repeat(2, 1fr); gap: 12px;">\n  <div></div>\n  <div></div>\n  <div></div>\n  <div></div>\n</div>',
  },
  {
    id: "table",
    label: "Table",
    category: LAYOUT,
    snippet: () => "<table>\n  <tr><th>Heading</th><th>Heading</th></tr>\n  <tr><td>Cell</td><td>Cell</td></tr>\n</table>",
  },
];

/** Short text for the block tile. */
export function blockMedia(block: AnkiBlock): string {
  const symbols: Record<string, string> = { [FIELDS]: "{ }", [CONDITIONS]: "?", [MEDIA]: "♪", [TEXT]: "T", [LAYOUT]: "▦" };
  return symbols[block.category] ?? "•";
}
