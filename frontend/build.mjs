// Bundles the dashboard into src/landsea/web/static/ (run by `make web` after `npm ci`).
// Everything the page needs at run time is written there: no CDN, no network.
// Every folder src/<name>/ with an index.js is an extension (the hub views, the language
// catalogues): it is imported after the core views, so adding one needs no edit here.
import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "landsea", "web", "static");
const src = join(here, "src");

function extensions() {
  return readdirSync(src, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(src, entry.name, "index.js")))
    .map((entry) => entry.name)
    .sort();
}

const extensionPlugin = {
  name: "landsea-extensions",
  setup(b) {
    b.onResolve({ filter: /^landsea:extensions$/ }, () => ({ path: "extensions", namespace: "landsea" }));
    b.onLoad({ filter: /.*/, namespace: "landsea" }, () => ({
      contents: extensions().map((name) => `import "./${name}/index.js";`).join("\n"),
      resolveDir: src,
    }));
  },
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { app: join(src, "main.js") },
  bundle: true,
  format: "esm",
  minify: true,
  sourcemap: false,
  target: ["es2022"],
  outdir: out,
  legalComments: "linked",
  plugins: [extensionPlugin],
  logLevel: "warning",
});
const modules = join(here, "node_modules");
copyFileSync(join(modules, "maplibre-gl", "dist", "maplibre-gl-worker.mjs"), join(out, "maplibre-gl-worker.mjs"));
copyFileSync(join(modules, "world-atlas", "countries-50m.json"), join(out, "countries-50m.json"));
copyFileSync(join(here, "index.html"), join(out, "index.html"));
writeFileSync(join(out, "README"), "Built by `make web` from frontend/ (npm ci + esbuild); not committed.\n");
console.log(`dashboard built into ${out} (extensions: ${extensions().join(", ") || "none"})`);
