import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "../support/backends";
import { startNeonApiStandIn } from "../support/neon-api-stand-in";

// Every script the workflows (.github/workflows) call that the other release tests do not already run: the workflow
// linter itself, migrate + seed as the staging job runs them, the Neon restore point, the staging worker's config.

type Run = { status: number; output: string };
const npmRun = (args: string[], env: Record<string, string> = {}) =>
  new Promise<Run>((resolve) => {
    execFile("npm", ["run", "--silent", ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ status: error ? Number(error.code) : 0, output: stdout + stderr }),
    );
  });

const dir = mkdtempSync(path.join(tmpdir(), "lh-pipeline-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run lint:workflows", () => {
  it("passes the repository's workflows", async () => {
    const run = await npmRun(["lint:workflows"]);
    expect(run.output).toMatch(/2 workflow file\(s\) clean/);
    expect(run.status).toBe(0);
  });

  it("fails a workflow with a broken expression or a script package.json does not have", async () => {
    const bad = path.join(dir, "bad.yml");
    writeFileSync(
      bad,
      "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run deploy:moon\n      - run: echo ${{ github.sha }\n",
    );
    const run = await npmRun(["lint:workflows", "--", bad]);
    expect(run.status).toBe(1);
    expect(run.output).toContain(`${bad}:6:14: "npm run deploy:moon" is not a script in package.json`);
    expect(run.output).toMatch(/bad\.yml:7:\d+: .*expecting '}'/);
  });

  it("the release workflow takes every secret from the secret store", () => {
    const text = readFileSync(".github/workflows/release.yml", "utf8");
    const secretLike = [
      ...text.matchAll(/^\s+([A-Z_]*(?:TOKEN|SECRET|PASSWORD|KEY|DSN|DATABASE_URL[A-Z_]*|ENTITY_ID)):\s*(.+)$/gm),
    ];
    expect(secretLike.length).toBeGreaterThan(10);
    for (const [, name, value] of secretLike)
      expect(`${name}: ${value}`).toBe(`${name}: \${{ secrets.${value.match(/secrets\.(\w+)/)?.[1]} }}`);
  });
});

describe("the staging job's database steps: npm run db:migrate, then db:seed", () => {
  let db: Awaited<ReturnType<typeof createTestDb>>;
  beforeAll(async () => {
    db = await createTestDb("pg");
    // A database as Neon hands over a new branch: empty, no migrations table.
    await db.dbHandle.db.execute("drop schema if exists drizzle cascade; drop schema public cascade; create schema public");
  });
  afterAll(() => db?.cleanup());

  it("migrates an empty database, seeds it twice without harm, and preflight then finds every migration applied", async () => {
    const env = {
      DATABASE_URL: db.url!,
      NODE_ENV: "development",
      ADMIN_EMAIL: "owner@littleharvest.co.za",
      ADMIN_PASSWORD: "kale-sprout-Umbrella-71-quietly",
    };
    expect(await npmRun(["db:migrate"], env)).toMatchObject({
      status: 0,
      output: expect.stringMatching(/migrations applied \(pg\)/),
    });
    expect((await npmRun(["db:seed"], env)).status).toBe(0);
    expect((await npmRun(["db:seed"], env)).status).toBe(0);
    const envFile = path.join(dir, "after-migrate.env");
    // As the production job's "Every migration applied" step passes it: the database URL alone.
    writeFileSync(envFile, `DATABASE_URL=${db.url}\n`);
    const preflight = await npmRun(["preflight", "--", "--env-file", envFile, "--only", "migrations", "--json"]);
    const rows = (JSON.parse(preflight.output.slice(preflight.output.indexOf("{"))) as { rows: { id: string; status: string }[] })
      .rows;
    expect(rows.find((r) => r.id === "migrations")).toMatchObject({ status: "pass" });
  });
});

describe("npm run neon:restore-point", () => {
  it("creates a Neon branch named for the release, refuses a name twice, and needs its secrets", async () => {
    const neon = await startNeonApiStandIn({
      apiKey: "neon-key",
      projectId: "little-harvest-prod",
      historyRetentionSeconds: 86400,
    });
    try {
      const env = { NEON_API_URL: neon.apiUrl, NEON_API_KEY: "neon-key", NEON_PROJECT_ID: "little-harvest-prod" };
      const first = await npmRun(["neon:restore-point", "--", "pre-release-abc1234"], env);
      expect(first).toMatchObject({
        status: 0,
        output: expect.stringContaining("restore point pre-release-abc1234: branch br-restore-1"),
      });
      expect(neon.branches.map((b) => b.name)).toEqual(["pre-release-abc1234"]);
      const again = await npmRun(["neon:restore-point", "--", "pre-release-abc1234"], env);
      expect(again).toMatchObject({
        status: 1,
        output: expect.stringContaining("Neon answered 409: branch with that name already exists"),
      });
      const noKey = await npmRun(["neon:restore-point", "--", "pre-release-abc1234"], { ...env, NEON_API_KEY: "" });
      expect(noKey).toMatchObject({
        status: 2,
        output: expect.stringContaining("NEON_API_KEY and NEON_PROJECT_ID are required"),
      });
    } finally {
      await neon.close();
    }
  });
});

describe("wrangler.toml [env.staging] (what npm run deploy:staging deploys)", () => {
  it("bundles as its own worker with its own bucket, private vars and sandbox Peach", async () => {
    const run = await new Promise<Run>((resolve) =>
      execFile(
        "npx",
        ["wrangler", "deploy", "--dry-run", "--env", "staging", "--outdir", path.join(dir, "staging")],
        (error, stdout, stderr) => resolve({ status: error ? Number(error.code) : 0, output: stdout + stderr }),
      ),
    );
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain("env.UPLOADS (little-harvest-uploads-staging)");
    expect(run.output).toContain('env.NOINDEX ("true")');
    expect(run.output).toContain('env.KV_PREFIX ("lh-staging:")');
    expect(run.output).toContain('env.PEACH_API_URL ("https://testapi.peachpayments.com")');
  });
});
