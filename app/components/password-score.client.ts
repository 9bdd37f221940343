// zxcvbn's score for the strength hint. A `.client` module: the server build gets an empty stand-in, so neither zxcvbn
// nor its dictionary reaches the Node or worker bundle (the server's rule is app/domain/passwords.server.ts).
export async function passwordScore(password: string): Promise<number> {
  const [{ zxcvbn, zxcvbnOptions }, common] = await Promise.all([
    import("@zxcvbn-ts/core"),
    import("@zxcvbn-ts/language-common"),
  ]);
  zxcvbnOptions.setOptions({ dictionary: common.dictionary, graphs: common.adjacencyGraphs });
  return zxcvbn(password).score;
}
