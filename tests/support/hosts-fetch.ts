/**
 * A `fetch` with a hosts file: requests to the listed origins (say Peach's live API, Neon's console) go to a local
 * stand-in instead, path and query unchanged — how a tool that talks to fixed public hosts is pointed at stand-ins.
 */
export function fetchWithHosts(hosts: Record<string, string>): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const target = hosts[url.origin];
    return fetch(target ? new URL(url.pathname + url.search, target) : url, init);
  };
}
