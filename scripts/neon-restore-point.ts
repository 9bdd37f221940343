// `npm run neon:restore-point -- <name>` — before a production migration, a Neon branch of the production database
// as it is now: the restore point if the release has to be undone with its data (docs/go-live.md, "Rollback").
// A branch without a compute costs only the storage it diverges by. Prints the branch id; exits 1 on failure.
import { neonProject } from "./neon-api";

const name = process.argv[2];
if (!name || !/^[\w.-]{1,60}$/.test(name)) {
  console.error("usage: npm run neon:restore-point -- <name> (letters, digits, . _ -; e.g. pre-release-<sha>)");
  process.exit(2);
}
const api = neonProject(process.env);
if (!api) {
  console.error("neon:restore-point: NEON_API_KEY and NEON_PROJECT_ID are required");
  process.exit(2);
}
const res = await api<{ branch?: { id: string; name: string; parent_lsn?: string } }>("/branches", {
  method: "POST",
  body: { branch: { name } },
});
if (!res.ok || !res.body.branch) {
  console.error(`neon:restore-point: Neon answered ${res.status}${res.body.message ? `: ${res.body.message}` : ""}`);
  process.exit(1);
}
console.log(`restore point ${res.body.branch.name}: branch ${res.body.branch.id} at LSN ${res.body.branch.parent_lsn ?? "?"}`);
