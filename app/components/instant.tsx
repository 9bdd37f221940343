import { formatInstant } from "~/domain/jhb-dates";

/** A moment as people here read it (Johannesburg time), machine-readable in `dateTime`. */
export function Instant({ at }: { at: string }) {
  return <time dateTime={at}>{formatInstant(at)}</time>;
}
