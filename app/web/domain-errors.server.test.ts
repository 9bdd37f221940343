import { describe, expect, it } from "vitest";
import { conflict, forbidden, invalid, notFound } from "~/domain/domain-error";
import { invalidForm, withDomainErrors } from "./domain-errors.server";

// The one mapping from a domain refusal to HTTP: every kind answers as form data with its status.
describe("withDomainErrors", () => {
  it.each([
    ["invalid", invalid({ quantity: "Choose a quantity from 1 to 50." }), 400, { quantity: "Choose a quantity from 1 to 50." }],
    ["not_found", notFound("That order does not exist."), 404, { form: "That order does not exist." }],
    ["conflict", conflict("Reload to see its current state."), 409, { form: "Reload to see its current state." }],
    [
      "conflict on a field",
      conflict("This form has expired.", "checkoutToken"),
      409,
      { checkoutToken: "This form has expired." },
    ],
    ["forbidden", forbidden("Staff only."), 403, { form: "Staff only." }],
  ])("%s → %i with the messages under errors", async (_kind, error, status, errors) => {
    const result = await withDomainErrors(
      async () => {
        throw error;
      },
      { values: { quantity: "0" } },
    );
    expect(result).toMatchObject({ init: { status }, data: { errors, values: { quantity: "0" } } });
  });

  it("passes the action's own answer through, and anything unexpected on to handleError", async () => {
    expect(await withDomainErrors(async () => "redirect")).toBe("redirect");
    const boom = new Error("db down");
    await expect(
      withDomainErrors(async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
  });

  it("a route's own schema refusal has the same shape (400)", () => {
    expect(invalidForm({ email: "Enter your email address." }, { intent: "email" })).toMatchObject({
      init: { status: 400 },
      data: { intent: "email", errors: { email: "Enter your email address." } },
    });
  });
});
