import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

const DATA_DRIVERS = ["pg", "ioredis", "@upstash/redis", "@neondatabase/serverless", "@electric-sql/pglite"].map((name) => ({
  name,
  message: "Routes reach data through a domain function (docs/decisions/020-layers.md).",
}));
const layer = (files, restricted) => ({ files, rules: { "no-restricted-imports": ["error", restricted] } });
// A promise kept past the call that made it (in a map, a set or a `let`) is what one request would await while another
// request's work settles it: on workerd that hangs the waiter.
const KEPT_PROMISES = [
  'NewExpression[callee.name=/^(Map|WeakMap|Set)$/] > TSTypeParameterInstantiation TSTypeReference[typeName.name="Promise"]',
  'VariableDeclaration[kind="let"] > VariableDeclarator > Identifier > TSTypeAnnotation > TSTypeReference[typeName.name="Promise"]',
  'VariableDeclaration[kind="let"] > VariableDeclarator > Identifier > TSTypeAnnotation > TSUnionType > TSTypeReference[typeName.name="Promise"]',
].map((selector) => ({
  selector,
  message:
    "A promise kept for later callers: on workerd another request awaiting it can hang (docs/architecture.md, 'Nothing crosses requests'). Keep the value, not the promise; where the keeper lives for one request only, say so in an eslint-disable comment.",
}));
const WALL_CLOCK = [
  {
    selector: 'NewExpression[callee.name="Date"][arguments.length=0]',
    message: "The domain takes time from the injected clock (deps.clock.now()), never new Date().",
  },
  {
    selector: 'CallExpression[callee.object.name="Date"][callee.property.name="now"]',
    message: "The domain takes time from the injected clock (deps.clock.now()), never Date.now().",
  },
];

export default tseslint.config(
  { ignores: ["build/**", "build-*/**", "public/build/**", "public/build-*/**", ".data/**", "node_modules/**", ".cache/**"] },
  ...tseslint.configs.recommended,
  {
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // Layers (docs/decisions/020-layers.md): routes → web → domain → infra; runtime wires them together.
  layer(["app/routes/**", "app/components/**", "app/root.tsx"], {
    paths: DATA_DRIVERS,
    patterns: [
      {
        group: ["drizzle-orm", "drizzle-orm/*", "~/infra/db/*", "~/infra/kv", "~/infra/kv.server", "~/infra/kv/*", "~/runtime/*"],
        message: "Routes reach data through a domain function, never drizzle, the db or the kv (docs/decisions/020-layers.md).",
      },
    ],
  }),
  layer(["app/domain/**"], {
    patterns: [
      { group: ["~/web/*", "~/runtime/*", "~/routes/*", "@remix-run/*"], message: "The domain knows nothing of HTTP or Remix." },
    ],
  }),
  // Emails sit below the domain (it queues and renders them): templates may use the domain's pure helpers (money,
  // dates), never a `*.server` module, and nothing of HTTP, infra or the app's React components.
  layer(["app/emails/**"], {
    patterns: [
      {
        group: [
          "~/domain/*.server",
          "~/web/*",
          "~/runtime/*",
          "~/routes/*",
          "~/components/*",
          "~/infra/*",
          "**/domain/*.server",
          "**/web/*",
          "**/runtime/*",
          "**/routes/*",
          "**/components/*",
          "**/infra/*",
        ],
        message: "Emails may import only the domain's pure helpers (docs/architecture.md §2).",
      },
    ],
  }),
  // The runtime entries wire through app/runtime; they never reach into the domain themselves.
  layer(["server.ts", "worker/**"], {
    patterns: [
      {
        group: ["**/app/domain/*", "~/domain/*"],
        message: "server.ts and the worker reach the domain through app/runtime (docs/architecture.md §2).",
      },
    ],
  }),
  layer(["app/web/**"], {
    patterns: [{ group: ["~/runtime/*", "~/routes/*"], message: "The web layer is used by routes, not the other way round." }],
  }),
  layer(["app/infra/**"], {
    patterns: [
      {
        group: ["~/domain/*", "~/web/*", "~/runtime/*", "~/routes/*", "**/domain/*", "**/web/*", "**/runtime/*", "**/routes/*"],
        message: "Infra holds adapters and middlewares: it never imports the domain, web or runtime layers.",
      },
    ],
  }),
  // Nothing crosses requests on workerd; time comes from the injected clock in the domain (docs/architecture.md §9, §4).
  {
    files: ["app/**/*.ts", "app/**/*.tsx"],
    ignores: ["app/**/*.test.ts"],
    rules: { "no-restricted-syntax": ["error", ...KEPT_PROMISES] },
  },
  {
    files: ["app/domain/**/*.ts"],
    ignores: ["app/domain/**/*.test.ts"],
    rules: { "no-restricted-syntax": ["error", ...KEPT_PROMISES, ...WALL_CLOCK] },
  },
  // Remix's ambient types are only reachable through triple-slash references.
  { files: ["**/*.d.ts"], rules: { "@typescript-eslint/triple-slash-reference": "off" } },
);
