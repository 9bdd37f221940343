import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BROWSER_VALIDATED_ROUTES } from "~/web/forms/browser-validated";

describe("pages that validate in the browser", () => {
  it("name real route modules", () => {
    for (const id of BROWSER_VALIDATED_ROUTES) {
      expect(
        [".tsx", ".ts"].some((ext) => existsSync(`app/${id}${ext}`)),
        id,
      ).toBe(true);
    }
  });
});
