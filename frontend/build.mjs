// Front-end build: `npm run build` (from the repository root).
//
//   frontend/scss/main.scss                          -> cms/static/cms/build/main.css (compressed, no source map)
//   node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js -> cms/static/cms/build/govuk-frontend.min.js
//   frontend/js/app.js                               -> cms/static/cms/build/app.js
//   node_modules/scorm-again/dist/scorm12.min.js, scorm2004.min.js -> cms/static/cms/build/ (the SCORM runtime)
//   frontend/js/scorm-player.js, scorm-lesson.js     -> cms/static/cms/build/ (SCORM lessons: learning/scorm/)
//
// cms/static/cms/build/ is generated output and is git-ignored.

import { mkdir, copyFile, writeFile, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "cms", "static", "cms", "build");
const require = createRequire(import.meta.url);
const govukDist = join(dirname(require.resolve("govuk-frontend/package.json")), "dist", "govuk");
const scormDist = join(root, "node_modules", "scorm-again", "dist"); // its package.json is not exported

await mkdir(outDir, { recursive: true });

const result = await sass.compileAsync(join(root, "frontend", "scss", "main.scss"), {
  style: "compressed",
  sourceMap: false,
  importers: [new sass.NodePackageImporter(root)],
  quietDeps: true,
});

const css = result.css;
if (/url\([^)]*\.(woff2?|ttf|otf|eot)/i.test(css)) {
  throw new Error("main.css references font files that are not shipped");
}
if (/url\(/i.test(css)) {
  throw new Error("main.css references url(...) assets that are not shipped");
}
await writeFile(join(outDir, "main.css"), css + "\n");

const copies = [
  [join(govukDist, "govuk-frontend.min.js"), join(outDir, "govuk-frontend.min.js")],
  [join(root, "frontend", "js", "app.js"), join(outDir, "app.js")],
  [join(scormDist, "scorm12.min.js"), join(outDir, "scorm12.min.js")],
  [join(scormDist, "scorm2004.min.js"), join(outDir, "scorm2004.min.js")],
  [join(root, "frontend", "js", "scorm-player.js"), join(outDir, "scorm-player.js")],
  [join(root, "frontend", "js", "scorm-lesson.js"), join(outDir, "scorm-lesson.js")],
];
for (const [from, to] of copies) {
  await copyFile(from, to);
}

// govuk-frontend.min.js ends with a sourceMappingURL comment; strip it so
// browsers / collectstatic (ManifestStaticFilesStorage) don't look for a
// .map file we don't ship.
for (const name of ["govuk-frontend.min.js", "scorm12.min.js", "scorm2004.min.js"]) {
  const jsPath = join(outDir, name);
  const js = await readFile(jsPath, "utf8");
  await writeFile(jsPath, js.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n"));
}

const built = ["main.css", "govuk-frontend.min.js", "app.js", "scorm12.min.js", "scorm2004.min.js"];
for (const file of [...built, "scorm-player.js", "scorm-lesson.js"]) {
  console.log("built", relative(root, join(outDir, file)));
}
