// The worker's plain settings as `wrangler deploy` would bind them: `[vars]` (production) or `[env.<name>.vars]`
// from wrangler.toml. Only flat `KEY = "value"` lines, which is all this file's vars sections hold; secrets never live
// there (they come from --env-file or the environment).
import { readFileSync } from "node:fs";

export function wranglerVars(file: string, environment: string): Record<string, string> {
  const section = environment === "production" ? "[vars]" : `[env.${environment}.vars]`;
  const vars: Record<string, string> = {};
  let inside = false;
  for (const raw of readFileSync(file, "utf8").split("\n")) {
    const line = raw.trim();
    if (line.startsWith("[")) inside = line === section;
    else if (inside) {
      const m = /^([A-Z0-9_]+)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(#.*)?$/.exec(line);
      if (m) vars[m[1]] = JSON.parse(`"${m[2]}"`) as string;
    }
  }
  if (!Object.keys(vars).length) throw new Error(`no ${section} in ${file}`);
  return vars;
}
