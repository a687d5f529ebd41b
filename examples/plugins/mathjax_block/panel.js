// The "Math help" panel. This runs in a Web Worker: no DOM, no bridge, no network. The
// designer asks it for a view when the panel opens, when the side being edited changes
// and when one of its buttons is clicked; it answers with a list of items
// ({kind: "heading" | "text" | "button" | "list" | "code", text, id?, items?}) that the
// designer draws as text. `canvas:panels` in plugin.json lets it answer.

const SNIPPETS = {
  structures: {
    label: "Structures",
    lines: [
      "\\frac{a}{b} — fraction",
      "\\sqrt{x} — square root; \\sqrt[n]{x} — n-th root",
      "x^{2} — superscript; x_{i} — subscript",
      "\\sum_{i=1}^{n} a_i — sum; \\prod — product",
      "\\int_{a}^{b} f(x)\\,dx — integral",
      "\\lim_{x \\to 0} — limit",
      "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix} — matrix",
      "\\text{words} — plain text inside math",
    ],
  },
  greek: {
    label: "Greek",
    lines: [
      "\\alpha \\beta \\gamma \\delta \\epsilon",
      "\\theta \\lambda \\mu \\pi \\sigma",
      "\\phi \\omega; capitals: \\Gamma \\Delta \\Sigma \\Omega",
    ],
  },
  operators: {
    label: "Relations",
    lines: [
      "\\le \\ge \\ne \\approx \\equiv",
      "\\times \\div \\pm \\cdot",
      "\\in \\notin \\subset \\cup \\cap",
      "\\to \\Rightarrow \\Leftrightarrow",
      "\\infty \\partial \\nabla",
    ],
  },
};

let chosen = "structures";

/** How many formulas the side has: \( ... \) inline and \[ ... \] display. */
function formulas(template) {
  return (template.match(/\\\(/g) || []).length + (template.match(/\\\[/g) || []).length;
}

function view(context) {
  const items = [];
  const side = { front: "Front template", back: "Back template", css: "Styling" }[context.side];
  if (context.side === "css") {
    items.push({ kind: "text", text: "Formulas go in the Front or Back template; open one to count them." });
  } else {
    const count = formulas(context.template);
    items.push({ kind: "text", text: `${context.cardType}, ${side}: ${count} ${count === 1 ? "formula" : "formulas"}.` });
  }
  items.push({ kind: "code", text: "\\( inline \\)   \\[ display \\]" });
  for (const [id, group] of Object.entries(SNIPPETS)) {
    items.push({ kind: "button", id, text: id === chosen ? `• ${group.label}` : group.label });
  }
  items.push({ kind: "list", text: SNIPPETS[chosen].label, items: SNIPPETS[chosen].lines });
  if (context.fields.length) {
    items.push({ kind: "heading", text: "A field inside a formula" });
    items.push({ kind: "code", text: `\\({{${context.fields[0]}}}\\)` });
  }
  return items;
}

atd.registerPanel({
  id: "math-help",
  render: view,
  click(button) {
    if (Object.prototype.hasOwnProperty.call(SNIPPETS, button)) chosen = button;
    // Returning nothing: the designer asks render again.
  },
});
