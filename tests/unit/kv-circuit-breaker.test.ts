import { describe, expect, it } from "vitest";
import { KvCircuitOpenError, withCircuitBreaker } from "~/infra/kv/circuit-breaker.server";
import type { CircuitEvent } from "~/infra/kv/prefixed";
import { createMemoryBackend } from "~/infra/kv/memory.server";
import type { KvBackend } from "~/infra/kv/prefixed";

// A store that can be switched off, counting the commands that actually reach it.
function switchableStore() {
  const inner = createMemoryBackend();
  const state = { down: false, reached: 0 };
  const store: KvBackend = {
    ...inner,
    get: async (key) => {
      state.reached++;
      if (state.down) throw new Error("ECONNREFUSED");
      return inner.get(key);
    },
  };
  return { store, state };
}

describe("KV circuit breaker", () => {
  it("opens after N failures in a row, skips the store during the cool-down, then one trial decides", async () => {
    const { store, state } = switchableStore();
    let now = 0;
    const { backend, observe } = withCircuitBreaker(store, { failures: 3, cooldownMs: 1_000, now: () => now });
    const events: CircuitEvent[] = [];
    observe((e) => events.push(e));

    state.down = true;
    for (let i = 0; i < 3; i++) await expect(backend.get("k")).rejects.toThrow("ECONNREFUSED");
    expect(events).toEqual(["open"]);
    // Open: fails at once without touching the store.
    await expect(backend.get("k")).rejects.toBeInstanceOf(KvCircuitOpenError);
    expect(state.reached).toBe(3);

    now += 1_000; // cool-down over: one trial reaches the store, fails, and the circuit stays open
    await expect(backend.get("k")).rejects.toThrow("ECONNREFUSED");
    await expect(backend.get("k")).rejects.toBeInstanceOf(KvCircuitOpenError);
    expect(state.reached).toBe(4);

    state.down = false;
    now += 1_000;
    expect(await backend.get("k")).toBeNull(); // the trial succeeds and closes the circuit
    expect(await backend.get("k")).toBeNull();
    expect(state.reached).toBe(6);
    expect(events.filter((e) => e !== "skipped")).toEqual(["open", "closed"]);
    expect(events.filter((e) => e === "skipped")).toHaveLength(2);
  });

  it("a success in between resets the count: scattered failures never open it", async () => {
    const { store, state } = switchableStore();
    const { backend, observe } = withCircuitBreaker(store, { failures: 3, cooldownMs: 1_000 });
    const events: CircuitEvent[] = [];
    observe((e) => events.push(e));
    for (let i = 0; i < 5; i++) {
      state.down = true;
      await expect(backend.get("k")).rejects.toThrow();
      await expect(backend.get("k")).rejects.toThrow();
      state.down = false;
      await backend.get("k");
    }
    expect(events).toEqual([]);
  });
});
