import { data, type ServerBuild } from "@remix-run/server-runtime";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "../db/unavailable.server";
import { wrapRouteFunctions } from "./route-functions.server";

export const DATABASE_UNAVAILABLE_MESSAGE =
  "We can't reach our kitchen's records for a moment. Please try again in a few seconds — nothing you already saved was lost.";

/** The answer to any request the database could not serve: 503, Retry-After, the shop's error page. */
function databaseUnavailableResponse() {
  return data(
    { message: DATABASE_UNAVAILABLE_MESSAGE },
    { status: 503, headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) } },
  );
}

/**
 * Every route's loader and action, wrapped once: an error that means "the database is unreachable or timed out" is
 * thrown on as a 503 with Retry-After (rendered by the root ErrorBoundary), not a 500. Any other error passes untouched.
 */
export function answerDatabaseOutages(build: ServerBuild): ServerBuild {
  return wrapRouteFunctions(build, (run) => async (args) => {
    try {
      return await run(args);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      args.context.log?.warn({ err: error }, "database unavailable; answered 503");
      throw databaseUnavailableResponse();
    }
  });
}

/**
 * Remix renders a thrown 503 through the ErrorBoundary but does not copy the thrown response's headers onto the
 * document, so the Retry-After is added to the finished response here.
 */
export function withRetryAfter(response: Response): Response {
  if (response.status === 503 && !response.headers.has("retry-after")) {
    response.headers.set("Retry-After", String(DATABASE_RETRY_AFTER_SECONDS));
  }
  return response;
}
