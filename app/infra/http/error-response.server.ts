import type { AppContext } from "../app-context";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "../db/unavailable.server";
import { redactedError, reportError } from "../report-error.server";
import { DATABASE_UNAVAILABLE_MESSAGE } from "./database-outage.server";
import { errorPageResponse } from "./error-page.server";
import type { RequestState } from "./pipeline.server";

/**
 * The one place the web layer turns an error that escaped every route into a response. Add a case here for a new
 * kind of failure (e.g. a database outage → 503 + Retry-After); everything unknown is a logged 500 that shows the
 * request id and nothing else.
 */
export function errorResponse(error: unknown, state: RequestState, ctx: Pick<AppContext, "metrics" | "errorTracker">): Response {
  if (isDatabaseUnavailable(error)) {
    state.log.warn({ error: redactedError(error), route: state.routeId }, "database unavailable; answered 503");
    return errorPageResponse(
      {
        status: 503,
        title: "We're briefly unavailable",
        message: DATABASE_UNAVAILABLE_MESSAGE,
        headers: { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) },
      },
      state,
    );
  }
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
