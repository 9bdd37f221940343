import type { ReactNode } from "react";
import { Instant } from "./instant";

/**
 * What happened to an order or a payment, one dated line an event in the order given: the time, the separator,
 * then what `describe` says of the event. The shop and the back office word events differently, so each page
 * brings its own words and list style.
 */
export function Timeline<E extends { id: number; createdAt: string }>({
  events,
  describe,
  separator = " · ",
  className = "history",
  testId,
}: {
  events: readonly E[];
  describe: (event: E) => ReactNode;
  separator?: string;
  className?: string;
  testId?: string;
}) {
  return (
    <ol className={className} data-testid={testId}>
      {events.map((e) => (
        <li key={e.id}>
          <Instant at={e.createdAt} />
          {separator}
          {describe(e)}
        </li>
      ))}
    </ol>
  );
}
