/**
 * Waits for work the worker finishes after its response (`waitUntil`), polling the observable outcome. The bound is
 * generous (a loaded machine is slow, not broken); tests assert the outcome, never how long it took.
 */
export async function until(check: () => boolean | Promise<boolean>, what = "the worker's background work"): Promise<void> {
  const deadline = Date.now() + 45_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
