// Pages whose forms validate in the browser with the same zod schema as their action, and so may ship zod in their
// JavaScript (docs/architecture.md §3, docs/decisions/025-conform-forms.md). Every other page validates on the server
// only: its schema stays in a `.server` module. Route ids as Remix names them, e.g. "routes/signup".
export const BROWSER_VALIDATED_ROUTES: readonly string[] = [];
