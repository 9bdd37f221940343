import type { AddressSnapshot } from "~/infra/db/schema";

/** An order's delivery address as the lines an email or a label prints, blank parts left out. */
export function addressLines(a: AddressSnapshot): string[] {
  return [a.recipientName, a.line1, a.line2, a.suburb, `${a.city} ${a.postalCode}`].filter((s): s is string =>
    Boolean(s && s.trim()),
  );
}
