// MathJax blocks. This runs in a Web Worker: no DOM, no bridge, no network. It talks to
// the designer only through `atd` (docs/plugins.md, "JS plugins"); `registerBlock` needs
// the `canvas:blocks` permission, which plugin.json declares.
//
// Anki renders \( ... \) (inline) and \[ ... \] (display) with its own MathJax wherever
// they appear on a card, template text included, so the blocks insert exactly that.

atd.registerBlock({
  id: "math-inline",
  label: "Math (MathJax)",
  category: "Math",
  content: "\\(x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}\\)",
});

atd.registerBlock({
  id: "math-display",
  label: "Display math (MathJax)",
  category: "Math",
  content: "<div class=\"math-display\">\\[\\int_0^1 x^2 \\, dx = \\frac{1}{3}\\]</div>",
});

atd.log("info", "MathJax blocks registered");
