// The preview page: shows one rendered card side as Anki's reviewer would.
//
// This page has NO bridge (it is a plain web view without Anki's pycmd channel), so the
// user's template scripts may run here, as in the reviewer, without reaching Python.
// Python sends each render with runJavaScript; when the new content has been painted
// the page sets its title to "painted:<seq>", which Python sees as a Qt signal.

export interface PreviewPayload {
  seq: number;
  html: string;
  css: string;
  bodyClass: string;
  htmlClass: string;
}

declare global {
  interface Window {
    atdPreview: { show: (payload: PreviewPayload) => void };
    MathJax?: { typesetPromise?: (elements?: Element[]) => Promise<void> };
  }
}

/** Re-create script elements so they run, as the reviewer does for card scripts. */
function runScripts(container: Element): void {
  for (const old of container.querySelectorAll("script")) {
    const fresh = document.createElement("script");
    for (const attribute of old.attributes) fresh.setAttribute(attribute.name, attribute.value);
    fresh.text = old.text;
    old.replaceWith(fresh);
  }
}

function show(payload: PreviewPayload): void {
  document.documentElement.className = payload.htmlClass;
  document.documentElement.dataset.bsTheme = /\bnight-mode\b/.test(payload.htmlClass) ? "dark" : "light";
  document.body.className = payload.bodyClass;
  const style = document.getElementById("card-css");
  if (style) style.textContent = payload.css;
  const qa = document.getElementById("qa");
  if (!qa) return;
  qa.innerHTML = payload.html;
  try {
    runScripts(qa);
  } catch (error) {
    console.error("card script failed", error);
  }
  const painted = () => requestAnimationFrame(() => (document.title = `painted:${payload.seq}`));
  const typeset = window.MathJax?.typesetPromise;
  if (typeset && /\\\(|\\\[/.test(payload.html)) typeset([qa]).then(painted, painted);
  else painted();
}

window.atdPreview = { show };
