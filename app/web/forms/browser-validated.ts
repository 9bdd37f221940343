// Pages whose forms validate in the browser with the same zod schema as their action, and so may ship zod in their
// JavaScript (docs/architecture.md §3, docs/decisions/025-conform-forms.md). Every other page validates on the server
// only: its schema stays in a `.server` module, and the JavaScript budget test (tests/unit/js-budgets.test.ts) fails
// when it loads a validation library. Route ids as Remix names them, e.g. "routes/signup".
export const BROWSER_VALIDATED_ROUTES: readonly string[] = [];
