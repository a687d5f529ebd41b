// Builds the designer page into web/dist and prints the bundle sizes (raw and gzip).
// `node build.mjs --tests` instead bundles web/tests/*.test.ts for node's test runner.

import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { createHash } from "node:crypto";

const here = new URL(".", import.meta.url).pathname;
const dist = join(here, "dist");
/** Issue #4: JS + CSS at most 1.5 MB minified. */
const BUDGET = 1.5 * 1024 * 1024;

async function buildPage() {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  await build({
    entryPoints: [
      { in: join(here, "src/main.ts"), out: "designer" },
      { in: join(here, "src/designer.css"), out: "designer" },
      { in: join(here, "src/preview.ts"), out: "preview" },
      { in: join(here, "src/canvas/canvasFrame.css"), out: "canvas" },
    ],
    outdir: dist,
    bundle: true,
    minify: !process.env.ATD_NO_MINIFY,
    format: "iife",
    target: ["chrome120"],
    sourcemap: false,
    legalComments: "none",
    logLevel: "warning",
  });
  writeFileSync(join(dist, "index.html"), pinScripts(readFileSync(join(here, "src/index.html"), "utf8")));
  writeFileSync(join(dist, "THIRD_PARTY_LICENSES.txt"), thirdPartyLicenses());
  let totalRaw = 0;
  let totalGzip = 0;
  console.log("web/dist bundle sizes:");
  for (const name of readdirSync(dist).sort()) {
    const raw = statSync(join(dist, name)).size;
    const gz = gzipSync(readFileSync(join(dist, name)), { level: 9 }).length;
    totalRaw += raw;
    totalGzip += gz;
    console.log(`  ${name.padEnd(16)} ${String(raw).padStart(8)} B raw ${String(gz).padStart(8)} B gzip`);
  }
  console.log(`  ${"total".padEnd(16)} ${String(totalRaw).padStart(8)} B raw ${String(totalGzip).padStart(8)} B gzip`);
  const code = readdirSync(dist).filter((name) => /\.(js|css)$/.test(name));
  const budgeted = code.reduce((sum, name) => sum + statSync(join(dist, name)).size, 0);
  console.log(`  JS + CSS ${budgeted} B of the ${BUDGET} B budget (${((budgeted / BUDGET) * 100).toFixed(1)}%)`);
  if (budgeted > BUDGET) throw new Error(`the bundle is ${budgeted} B, over the ${BUDGET} B budget (issue #4)`);
}

/** The designer page may run only our own bundle (issue #10): its Content-Security-Policy
 *  names each script by its SHA-256 (`script-src 'sha256-…'`, never `'self'`, because
 *  `'self'` is Anki's media server, which also serves the collection's media files), and
 *  each `<script src>` carries the same hash as `integrity`. */
function pinScripts(page) {
  const hashes = [];
  const pinned = page.replace(/<script defer src="([^"]+)"><\/script>/g, (_tag, src) => {
    const digest = `sha256-${createHash("sha256").update(readFileSync(join(dist, src))).digest("base64")}`;
    hashes.push(`'${digest}'`);
    return `<script defer src="${src}" integrity="${digest}"></script>`;
  });
  if (!hashes.length || !pinned.includes("script-src __PINNED_SCRIPTS__")) {
    throw new Error("src/index.html must load its scripts as <script defer src> and say script-src __PINNED_SCRIPTS__");
  }
  return pinned.replace("__PINNED_SCRIPTS__", hashes.join(" "));
}

/** GrapesJS (BSD-3-Clause) and the MIT-licensed libraries it bundles; the minified bundle
 *  drops legal comments, so their notices ship beside it. */
function thirdPartyLicenses() {
  const grapes = JSON.parse(readFileSync(join(here, "node_modules/grapesjs/package.json"), "utf8"));
  const license = readFileSync(join(here, "node_modules/grapesjs/LICENSE"), "utf8");
  const bundled = Object.entries(grapes.dependencies ?? {})
    .filter(([name]) => !name.startsWith("@types/"))
    .map(([name, version]) => `  ${name} ${version}`)
    .join("\n");
  return [
    `grapesjs ${grapes.version} — ${grapes.license}`,
    "",
    license.trim(),
    "",
    "GrapesJS's bundle includes these libraries (each MIT licensed; see their npm packages):",
    bundled,
    "",
  ].join("\n");
}

async function buildTests() {
  const out = join(here, "dist-tests");
  rmSync(out, { recursive: true, force: true });
  const entries = readdirSync(join(here, "tests"))
    .filter((name) => name.endsWith(".test.ts"))
    .map((name) => join(here, "tests", name));
  await build({
    entryPoints: entries,
    outdir: out,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    format: "esm",
    platform: "node",
    target: ["node20"],
    external: ["node:*"],
    logLevel: "warning",
  });
}

if (process.argv.includes("--tests")) await buildTests();
else await buildPage();
