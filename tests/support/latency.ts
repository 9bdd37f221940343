/**
 * A delay a stand-in adds to every round trip, to model the distance to the hosted service it stands in for
 * (Johannesburg to Frankfurt is ~160 ms). Benchmarks set `ms`; tests leave it at 0. Every round trip is also logged
 * (when it started, when its delay ended), so a run can count how many of them happened one after another.
 */
export type Latency = { ms: number; trips: Trip[] };
export type Trip = { start: number; end: number };

export const noLatency = (): Latency => ({ ms: 0, trips: [] });

export async function roundTrip(latency: Latency): Promise<void> {
  const start = performance.now();
  if (latency.ms > 0) await new Promise((resolve) => setTimeout(resolve, latency.ms));
  latency.trips.push({ start, end: performance.now() });
  if (latency.trips.length > 10_000) latency.trips.splice(0, 5_000); // a long run keeps only recent trips
}

/**
 * The most round trips that happened one after another (each starting after the previous one's delay ended): what a
 * visitor waits for. Trips made side by side overlap and count once. Meaningful with a delay much longer than the
 * app's own work between two trips (say 100 ms or more).
 */
export function sequentialTrips(trips: Trip[]): number {
  const sorted = [...trips].sort((a, b) => a.end - b.end);
  const depth: number[] = [];
  sorted.forEach((t, i) => {
    let before = 0;
    for (let j = 0; j < i; j++) if (sorted[j].end <= t.start) before = Math.max(before, depth[j]);
    depth.push(before + 1);
  });
  return Math.max(0, ...depth);
}
