// Gzip and Brotli copies of the client build's scripts and styles, written beside them at build time (`x.js.gz`,
// `x.js.br`): the Node server sends the smaller one a browser accepts without compressing per request
// (app/infra/http/static-files.server.ts). On workerd, Cloudflare compresses Static Assets itself.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzipSync } from "node:zlib";

const brotli = promisify(brotliCompress);

function textAssets(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(js|css)$/.test(e.name))
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

export async function precompress(dir) {
  await Promise.all(
    textAssets(dir).map(async (file) => {
      const bytes = readFileSync(file);
      writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
      // On zlib's thread pool: the build's other steps keep the main thread.
      writeFileSync(
        `${file}.br`,
        await brotli(bytes, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
        }),
      );
    }),
  );
}
