import { describe, expect, it } from "vitest";
import { z } from "zod";
import { conflict, forbidden, invalid, notFound } from "~/domain/domain-error";
import { parseSubmission, refuse, runSubmission } from "./submission.server";

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};
const schema = z.object({ quantity: z.string(), password: z.string().optional() });

// The one mapping from a domain refusal to HTTP: every kind answers as the form's reply with its status.
describe("runSubmission", () => {
  it.each([
    ["invalid", invalid({ quantity: "Choose a quantity from 1 to 50." }), 400, { quantity: ["Choose a quantity from 1 to 50."] }],
    ["not_found", notFound("That order does not exist."), 404, { "": ["That order does not exist."] }],
    ["conflict", conflict("Reload to see its current state."), 409, { "": ["Reload to see its current state."] }],
    [
      "conflict on a field",
      conflict("This form has expired.", "checkoutToken"),
      409,
      { checkoutToken: ["This form has expired."] },
    ],
    ["forbidden", forbidden("Staff only."), 403, { "": ["Staff only."] }],
  ])("%s → %i with the messages in the reply", async (_kind, error, status, messages) => {
    const result = await runSubmission(parseSubmission(form({ quantity: "0" }), schema), async () => {
      throw error;
    });
    expect(result).toMatchObject({
      init: { status },
      data: { status: "error", error: messages, initialValue: { quantity: "0" } },
    });
  });

  it("passes the action's own answer through, and anything unexpected on to handleError", async () => {
    const submission = parseSubmission(form({ quantity: "1" }), schema);
    expect(await runSubmission(submission, async (input) => `redirect ${input.quantity}`)).toBe("redirect 1");
    const boom = new Error("db down");
    await expect(
      runSubmission(submission, async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
  });

  it("a schema refusal is a 400 with the schema's message, and hidden fields never come back", async () => {
    const submission = parseSubmission(form({ password: "hunter2" }), schema);
    const result = await runSubmission(submission, async () => "never", { hideFields: ["password"] });
    expect(result).toMatchObject({ init: { status: 400 }, data: { status: "error", error: { quantity: ["Required"] } } });
    expect(JSON.stringify(result)).not.toContain("hunter2");
  });

  it("refuse adds messages found after the schema, with their status", () => {
    const submission = parseSubmission(form({ quantity: "1" }), schema);
    expect(refuse(submission, { errors: { form: "Too many tries." }, status: 429 })).toMatchObject({
      init: { status: 429 },
      data: { error: { "": ["Too many tries."] } },
    });
  });
});
