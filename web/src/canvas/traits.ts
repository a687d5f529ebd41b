// Traits (the property panel) per component type. All are `changeProp` traits: a trait
// that wrote `attributes` would render at once (an `src` would even fetch); ours only
// set a model property, which becomes an operation for Python.

import type { TreeAttr } from "./tree";

export interface TraitDef {
  type: "atd-text" | "atd-select";
  name: string;
  label: string;
  changeProp: true;
  options?: { id: string; label: string }[];
  placeholder?: string;
}

export const FILTER_OPTIONS = [
  { id: "", label: "None" },
  { id: "text", label: "text (strip HTML)" },
  { id: "hint", label: "hint" },
  { id: "type", label: "type (type-in)" },
  { id: "cloze", label: "cloze" },
  { id: "cloze-only", label: "cloze-only" },
  { id: "furigana", label: "furigana" },
  { id: "kana", label: "kana" },
  { id: "kanji", label: "kanji" },
  { id: "tts en_US", label: "tts en_US" },
];

export const SPECIAL_FIELDS = ["FrontSide", "Tags", "Deck", "Subdeck", "Card", "CardFlag", "Type", "CardID"];

/** Attributes edited as traits on elements (others: code view). */
const ELEMENT_ATTRIBUTES: Record<string, string[]> = {
  img: ["src", "alt", "title", "id"],
  a: ["href", "title", "id"],
  "*": ["id", "title"],
};

/** Model property that holds an attribute's template value. */
export function attrProp(name: string): string {
  return `atdAttr-${name}`;
}

export function fieldOptions(fields: string[], current: string): { id: string; label: string }[] {
  const names = [...fields, ...SPECIAL_FIELDS];
  if (current && !names.includes(current)) names.unshift(current);
  return names.map((name) => ({ id: name, label: SPECIAL_FIELDS.includes(name) ? `${name} (special)` : name }));
}

export function fieldTraits(fields: string[], key: string, filters: string): TraitDef[] {
  const filterOptions = FILTER_OPTIONS.some((o) => o.id === filters) ? FILTER_OPTIONS : [...FILTER_OPTIONS, { id: filters, label: filters }];
  return [
    { type: "atd-select", name: "atdKey", label: "Field", changeProp: true, options: fieldOptions(fields, key) },
    { type: "atd-select", name: "atdFilters", label: "Filter", changeProp: true, options: filterOptions },
  ];
}

export function sectionTraits(fields: string[], key: string): TraitDef[] {
  return [
    { type: "atd-select", name: "atdKey", label: "Field", changeProp: true, options: fieldOptions(fields, key) },
    {
      type: "atd-select",
      name: "atdShowWhen",
      label: "Show when",
      changeProp: true,
      options: [
        { id: "filled", label: "the field is filled" },
        { id: "empty", label: "the field is empty" },
      ],
    },
  ];
}

/** Element traits and the initial model properties holding their template values. */
export function elementTraits(tag: string, attrs: TreeAttr[]): { traits: TraitDef[]; props: Record<string, string> } {
  const names = ELEMENT_ATTRIBUTES[tag] ?? ELEMENT_ATTRIBUTES["*"];
  const props: Record<string, string> = {};
  for (const name of names) {
    const found = attrs.find((a) => a.n.toLowerCase() === name);
    props[attrProp(name)] = found?.v ?? "";
  }
  return {
    traits: names.map((name) => ({ type: "atd-text", name: attrProp(name), label: name, changeProp: true, placeholder: name === "src" ? "file name or {{Field}}" : "" })),
    props,
  };
}
