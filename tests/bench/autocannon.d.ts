// The part of autocannon's result the TypeScript benches read (the package ships no types).
declare module "autocannon" {
  type Options = { url: string; connections?: number; duration?: number; headers?: Record<string, string>; overallRate?: number };
  type Result = {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    errors: number;
    timeouts: number;
    "2xx": number;
  };
  export default function autocannon(opts: Options): Promise<Result>;
}
