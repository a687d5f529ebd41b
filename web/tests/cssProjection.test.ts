import assert from "node:assert/strict";
import { test } from "node:test";
import { cssNestingDepth, MAX_CSS_NESTING, rewriteCss } from "../src/canvas/cssProjection";
import { projectCss, type ProjectionContext } from "../src/canvas/project";

const projection: ProjectionContext = { mediaOrigin: "http://127.0.0.1:4000", values: {} };
const MEDIA = "http://127.0.0.1:4000/";

/** Every url() left in projected CSS, as the browser would read it (quoted targets). */
function urls(css: string): string[] {
  return [...css.matchAll(/url\("([^"]*)"\)/g)].map((m) => m[1]);
}

/** Shapes that hide a remote load from a naive filter: escapes in names, line
 *  continuations, comments, case, nesting, strings with escaped quotes. */
const HOSTILE = [
  ".a { background: u\\72l(http://evil.invalid/1.png) }",
  ".a { background: U\\52 L(http://evil.invalid/2.png) }",
  ".a { background: \\75\\72\\6c(http://evil.invalid/3.png) }",
  '.a { background: url("http://evil\\\n.invalid/4.png") }',
  ".a { background: url('http:\\2f\\2f evil.invalid/5.png') }",
  '.a { background: url( "\\68ttp://evil.invalid/6.png" ) }',
  ".a { background: image-s\\65t(\"http://evil.invalid/7.png\" 1x) }",
  ".a { background: -webkit-image-set(url(//evil.invalid/8.png) 1x) }",
  ".a { background: cross-fade(url(http://evil.invalid/9.png), red) }",
  "@\\69mport 'http://evil.invalid/10.css';",
  "@IMPORT url(http://evil.invalid/11.css) screen;",
  "@import/**/'http://evil.invalid/12.css';",
  ".a { background: url(/_anki/congratsInfo) }",
  ".a { background: url(\\2f _anki/congratsInfo) }",
  ".a { background: url('..\\2f ..\\2f _addons/x/meta.json') }",
  '.a { background: url("x\\"y) http://evil.invalid/13.png") }',
  "@font-face { font-family: f; src: url(https://evil.invalid/14.woff) format('woff') }",
  ".a { background: src(\"http://evil.invalid/15.png\") }",
  ".a { background: ur/**/l(http://evil.invalid/16.png) }",
  ".a{background:url(http://evil.invalid/17.png)}.b{color:red}",
  ".a { --x: url(http://evil.invalid/18.png); background: var(--x) }",
  "@media screen { @supports (display: grid) { .a { background: url(//evil.invalid/19.png) } } }",
];

for (const [index, css] of HOSTILE.entries()) {
  test(`hostile CSS ${index + 1} loads nothing beyond the media server: ${JSON.stringify(css).slice(0, 60)}`, () => {
    const out = projectCss(css, projection);
    // Read again the way a browser would: every url() it holds is a media-server file, and
    // nothing else in it loads (a second pass finds nothing left to disable or remove).
    const targets: string[] = [];
    const again = rewriteCss(out, { url: (t) => (targets.push(t), `url("${t}")`) });
    assert.equal(again, out);
    for (const url of targets) {
      const parsed = new URL(url);
      assert.equal(parsed.origin, projection.mediaOrigin, url);
      assert.ok(!/^\/_(anki|addons)\b/.test(parsed.pathname), url);
    }
    assert.ok(!/@import/i.test(out), out);
  });
}

test("plain CSS keeps its bytes apart from url() targets", () => {
  const css = ".card { font-family: 'Noto Sans', arial; color: #123; }\n.\\31 0 { margin: 0 }\n/* note */ .b::after { content: \"\\201C\" }";
  const out = projectCss(css, projection);
  assert.equal(out, css.replace("/* note */", " "));
});

test("media names and inline images keep working", () => {
  const out = projectCss(".a { background: url('cat photo.jpg') } .b { background: url(data:image/png;base64,iVBO\n RK5C) } @font-face { src: url(_f.woff2) }", projection);
  assert.deepEqual(urls(out), [`${MEDIA}cat%20photo.jpg`, "data:image/png;base64,iVBORK5C", `${MEDIA}_f.woff2`]);
});

test("rewriteCss hands each url() its decoded target", () => {
  const seen: string[] = [];
  rewriteCss(".a { background: url(\"a\\\nb\\63 .png\") } .b { background: u\\rl( c\\)d.png ) }", { url: (t) => (seen.push(t), "none") });
  assert.deepEqual(seen, ["abc.png", "c)d.png"]);
});

test("nesting depth counts braces, brackets and parentheses outside strings and comments", () => {
  assert.equal(cssNestingDepth(".a { color: red }"), 1);
  assert.equal(cssNestingDepth("@media x { .a { b: calc((1px)) } }"), 4);
  assert.equal(cssNestingDepth(".a { content: '{{{{' } /* (((( */"), 1);
  const deep = "a{".repeat(5000) + "}".repeat(5000);
  assert.ok(cssNestingDepth(deep) > MAX_CSS_NESTING);
});
