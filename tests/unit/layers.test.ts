import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The layer rules in eslint.config.js, run on fixture sources placed (virtually) in each folder: what a newcomer
// might write must fail lint, and the imports the layers are meant to use must pass.

const eslint = new ESLint();

async function layerErrors(filePath: string, source: string) {
  const [result] = await eslint.lintText(`${source}\nexport const used = x;\n`, { filePath });
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("layer rules", () => {
  it.each([
    ["app/routes/fixture.tsx", 'import { eq as x } from "drizzle-orm";'],
    ["app/routes/fixture.tsx", 'import { orders as x } from "~/infra/db/schema";'],
    ["app/routes/fixture.tsx", 'import { createKv as x } from "~/infra/kv.server";'],
    ["app/routes/fixture.tsx", 'import x from "pg";'],
    ["app/routes/fixture.tsx", 'import { Redis as x } from "@upstash/redis";'],
    ["app/components/fixture.tsx", 'import { sql as x } from "drizzle-orm";'],
    ["app/infra/fixture.server.ts", 'import { addToCart as x } from "~/domain/cart.server";'],
    ["app/infra/http/fixture.server.ts", 'import { addToCart as x } from "../../domain/cart.server";'],
    ["app/infra/fixture.server.ts", 'import { getUser as x } from "~/web/guards.server";'],
    ["app/domain/fixture.server.ts", 'import { redirect as x } from "@remix-run/node";'],
    ["app/domain/fixture.server.ts", 'import { getUser as x } from "~/web/guards.server";'],
    ["app/web/fixture.server.ts", 'import { createAppContext as x } from "~/runtime/node-context.server";'],
    ["app/emails/fixture.tsx", 'import { placeOrder as x } from "~/domain/checkout.server";'],
    ["app/emails/fixture.tsx", 'import { placeOrder as x } from "../domain/checkout.server";'],
    ["app/emails/fixture.tsx", 'import { requireUser as x } from "~/web/guards.server";'],
    ["app/emails/fixture.tsx", 'import { orders as x } from "~/infra/db/schema";'],
    ["app/emails/fixture.tsx", 'import { ErrorPage as x } from "~/components/error-page";'],
    ["server.ts", 'import { createEmailSender as x } from "./app/domain/email-sender.server";'],
  ])("%s may not: %s", async (file, source) => {
    expect(await layerErrors(file, source)).toHaveLength(1);
  });

  it.each([
    ["app/routes/fixture.tsx", 'import { addToCart as x } from "~/domain/cart.server";'],
    ["app/routes/fixture.tsx", 'import { requireUser as x } from "~/web/guards.server";'],
    ["app/routes/fixture.tsx", 'import { readForm as x } from "~/infra/form.server";'],
    ["app/web/fixture.server.ts", 'import { addToCart as x } from "~/domain/cart.server";'],
    ["app/domain/fixture.server.ts", 'import { orders as x } from "~/infra/db/schema";'],
    ["app/runtime/fixture.server.ts", 'import { createEmailSender as x } from "~/domain/email-sender.server";'],
    ["app/emails/fixture.tsx", 'import { formatRand as x } from "~/domain/money";'],
    ["app/domain/fixture.server.ts", 'import { renderEmail as x } from "~/emails/render.server";'],
    ["app/infra/fixture.server.ts", 'import { createDb as x } from "./db/client.server";'],
  ])("%s may: %s", async (file, source) => {
    expect(await layerErrors(file, source)).toEqual([]);
  });
});

// docs/architecture.md, "Nothing crosses requests": a promise kept for a later caller hangs that caller on workerd when
// the request that started it ends first.
describe("the cross-request rule", () => {
  const keptPromises = async (source: string) => {
    const [result] = await eslint.lintText(source, { filePath: "app/infra/fixture.server.ts" });
    return result.messages.filter((m) => m.ruleId === "no-restricted-syntax");
  };

  it.each([
    "const pending = new Map<string, Promise<string>>();\nexport const used = pending;",
    "const byKey = new WeakMap<object, Promise<number>>();\nexport const used = byKey;",
    "let loading: Promise<string> | undefined;\nexport const used = () => (loading ??= Promise.resolve(''));",
  ])("fails: %s", async (source) => {
    expect(await keptPromises(source)).toHaveLength(1);
  });

  it.each([
    "const values = new Map<string, string>();\nexport const used = values;",
    "let source: (() => Promise<number>) | null = null;\nexport const used = () => (source = null);",
  ])("passes: %s", async (source) => {
    expect(await keptPromises(source)).toEqual([]);
  });
});

// docs/architecture.md §4: the domain takes time from the injected clock, so tests can drive it.
describe("the clock rule", () => {
  const wallClock = async (filePath: string, source: string) => {
    const [result] = await eslint.lintText(`${source}\n`, { filePath });
    return result.messages.filter((m) => m.ruleId === "no-restricted-syntax");
  };

  it.each(["export const t = () => new Date();", "export const t = () => Date.now();"])(
    "the domain may not: %s",
    async (source) => {
      expect(await wallClock("app/domain/fixture.server.ts", source)).toHaveLength(1);
    },
  );

  it("the domain may build a date from a value, and the clock itself reads the wall clock", async () => {
    expect(await wallClock("app/domain/fixture.server.ts", "export const t = (ms: number) => new Date(ms);")).toEqual([]);
    expect(await wallClock("app/infra/fixture.server.ts", "export const t = () => new Date();")).toEqual([]);
  });
});
