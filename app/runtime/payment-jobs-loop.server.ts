// The Node server's loop for the card payment jobs (app/domain/payment-jobs.server.ts). The edge worker's scheduled
// handler calls the same two job functions instead. One round at a time; a failed round is logged and retried on the
// next tick, never crashes the process.
import { countStuckPayments, reconcilePayments, releaseUnpaidOrders } from "~/domain/payment-jobs.server";
import type { AppContext } from "~/infra/app-context";

export function startPaymentJobs(ctx: AppContext, intervalMs: number) {
  ctx.metrics.setPaymentsStuckSource(() => countStuckPayments(ctx.db, ctx.clock.now()));
  let timer: ReturnType<typeof setTimeout> | null = null;
  // eslint-disable-next-line no-restricted-syntax -- the Node loop's own round, awaited by its stop(); not on workerd
  let running: Promise<void> | null = null;
  let stopped = false;

  async function round() {
    try {
      await releaseUnpaidOrders(ctx);
      await reconcilePayments(ctx);
    } catch (error) {
      ctx.log.error({ err: error instanceof Error ? error.message : String(error) }, "payment jobs round failed");
    }
  }
  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().finally(() => {
        running = null;
        schedule();
      });
    }, intervalMs);
  }
  schedule();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
