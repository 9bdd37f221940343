// Stands in for prettier in the worker bundle (wrangler.toml [alias]): @react-email/render imports it only for
// `pretty`, which this app never calls, and the import alone put 338 KB of formatter into every isolate.
const refuse = () => {
  throw new Error("prettier is not bundled into the worker: render e-mail without { pretty: true }");
};
export const format = refuse;
export default { format };
