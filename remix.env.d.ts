/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />
/// <reference types="@remix-run/react" />
import "@remix-run/node";
import type { AppLoadContext as Ctx } from "~/infra/app-context";

// Single-fetch typing (docs/architecture.md §8): augmenting here keeps @remix-run/node's exports visible to tsc.
declare module "@remix-run/server-runtime" {
  interface Future {
    v3_singleFetch: true;
  }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends Ctx {}
}
