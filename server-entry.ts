// `node build/server.js` starts here. React, like several libraries, picks its production or development build from
// process.env.NODE_ENV when it is first loaded: pages are always rendered by the production build (the development
// one is several times slower), whatever mode the app itself runs in — config's NODE_ENV, "development" by default
// for local cookies, logs and .env. server.ts is a chunk of its own, imported only once NODE_ENV is set, because a
// bundle evaluates its external imports (React among them) before any of its own code.
const appMode = process.env.NODE_ENV;
process.env.NODE_ENV = "production";

import("./server")
  .then(({ main }) => main(appMode))
  .catch((error: unknown) => {
    process.stderr.write(`Little Harvest failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
