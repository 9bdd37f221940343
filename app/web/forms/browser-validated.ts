/**
 * Route ids (as Remix names them, e.g. "routes/signup") whose pages validate their forms in the browser and so may
 * load a validation library (zod, conform's zod parts). Every other page must leave it on the server: the JavaScript
 * budget test (tests/unit/js-budgets.test.ts) fails when one loads it.
 */
export const BROWSER_VALIDATED_ROUTES: readonly string[] = [];
