// The `db:*` and `email:test` scripts read `.env` when there is one, before anything reads the environment (Node's
// own loader: a variable already in the environment wins). Imported first, for its effect.
import { existsSync } from "node:fs";

if (existsSync(".env")) process.loadEnvFile(".env");
