/**
 * A delay a stand-in adds to every round trip, to model the distance to the hosted service it stands in for
 * (Johannesburg to Frankfurt is ~80 ms or more). Benchmarks set `ms`; tests leave it at 0.
 */
export type Latency = { ms: number };

export const noLatency = (): Latency => ({ ms: 0 });

export async function roundTrip(latency: Latency): Promise<void> {
  if (latency.ms > 0) await new Promise((resolve) => setTimeout(resolve, latency.ms));
}
