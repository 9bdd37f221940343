import type { AppContext } from "../context.server";
import { reportError } from "../report-error.server";
import { errorPageResponse } from "./error-page.server";
import type { RequestState } from "./pipeline.server";

/**
 * The one place the web layer turns an error that escaped every route into a response. Add a case here for a new
 * kind of failure (e.g. a database outage → 503 + Retry-After); everything unknown is a logged 500 that shows the
 * request id and nothing else.
 */
export function errorResponse(error: unknown, state: RequestState, ctx: Pick<AppContext, "metrics" | "errorTracker">): Response {
  reportError({ log: state.log, metrics: ctx.metrics, errorTracker: ctx.errorTracker }, error, state);
  return errorPageResponse(
    {
      status: 500,
      title: "Something went wrong on our side",
      message: "Please try again in a moment. Nothing you already saved was lost.",
    },
    state,
  );
}
