// Preloaded with `node --require` into a server under test: at exit it writes the files of every CommonJS module the
// process ran (not those Node only scanned for export names) to $LOADED_MODULES_OUT, as a JSON array.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS preload
const { writeFileSync } = require("node:fs");
process.on("exit", () => {
  const ran = Object.entries(require.cache).filter(([, mod]) => mod && mod.loaded);
  writeFileSync(process.env.LOADED_MODULES_OUT, JSON.stringify(ran.map(([file]) => file)));
});
