// The preview page: shows one rendered card side as Anki's Card Types screen does.
//
// This page has NO bridge (it is a plain web view without Anki's pycmd channel), so the
// user's template scripts may run here, as in the reviewer, without reaching Python.
// The shell loads Anki's reviewer.js (as aqt/clayout.py does), so cards are shown
// through the reviewer's own `_updateQA`: scripts run, `onUpdateHook`/`onShownHook` and
// the `anki` API (Image Occlusion) work, MathJax typesets, exactly as in Anki.
// Python sends each render with runJavaScript; when the new content has been painted
// the page sets its title to "painted:<seq>", which Python sees as a Qt signal.

export interface PreviewPayload {
  seq: number;
  html: string;
  css: string;
  bodyClass: string;
  htmlClass: string;
}

type UpdateQA = (html: string, fade: null, onUpdate: () => void, onShown: () => void) => Promise<void>;

declare global {
  interface Window {
    atdPreview: { show: (payload: PreviewPayload) => void };
    MathJax?: { typesetPromise?: (elements?: Element[]) => Promise<void> };
    _updateQA?: UpdateQA;
    bridgeCommand?: (command: string, callback?: unknown) => void;
  }
}

// reviewer.js reports to Anki through bridgeCommand ("updateToolbar", "repaintNeeded");
// this page has no bridge, so those reports go nowhere.
if (typeof window.bridgeCommand !== "function") window.bridgeCommand = () => {};

/** Re-create script elements so they run, as the reviewer does for card scripts. */
function runScripts(container: Element): void {
  for (const old of container.querySelectorAll("script")) {
    const fresh = document.createElement("script");
    for (const attribute of old.attributes) fresh.setAttribute(attribute.name, attribute.value);
    fresh.text = old.text;
    old.replaceWith(fresh);
  }
}

/** Without reviewer.js (it failed to load): the same steps, done here. */
async function showWithoutReviewer(qa: Element, payload: PreviewPayload): Promise<void> {
  // Card HTML is meant to run here, as in Anki's reviewer: this page has no bridge, its own
  // off-the-record profile, a request allowlist and a CSP (docs/security.md, "The preview").
  qa.innerHTML = payload.html;
  document.body.className = payload.bodyClass;
  try {
    runScripts(qa);
  } catch (error) {
    console.error("card script failed", error);
  }
  const typeset = window.MathJax?.typesetPromise;
  if (typeset && /\\\(|\\\[/.test(payload.html)) await typeset([qa]).catch(() => undefined);
}

async function showOne(payload: PreviewPayload): Promise<void> {
  document.documentElement.className = payload.htmlClass;
  document.documentElement.dataset.bsTheme = /\bnight-mode\b/.test(payload.htmlClass) ? "dark" : "light";
  const style = document.getElementById("card-css");
  if (style) style.textContent = payload.css;
  const qa = document.getElementById("qa");
  if (!qa) return;
  const update = window._updateQA;
  try {
    if (typeof update === "function") {
      await update(payload.html, null, () => (document.body.className = payload.bodyClass), () => undefined);
    } else {
      await showWithoutReviewer(qa, payload);
    }
  } catch (error) {
    console.error("showing the card failed", error);
  }
}

let queue: Promise<void> = Promise.resolve();
/** A card's own shown-hook may never settle: the next card must not wait for it. */
const SHOW_TIMEOUT_MS = 3000;

function settled(work: Promise<void>): Promise<void> {
  return Promise.race([work, new Promise<void>((done) => setTimeout(done, SHOW_TIMEOUT_MS))]);
}

function show(payload: PreviewPayload): void {
  // One card at a time, in order (the reviewer queues its updates the same way).
  queue = queue
    .then(() => settled(showOne(payload)))
    .then(() => new Promise<void>((done) => requestAnimationFrame(() => done())))
    .then(() => {
      document.title = `painted:${payload.seq}`;
    });
}

window.atdPreview = { show };
