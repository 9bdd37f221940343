import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { ColumnHeads } from "~/components/column-heads";
import { ScrollBox } from "~/components/admin/admin-ui";
import { useEffect } from "react";
import { formatInstant, formatTimeOfDay } from "~/domain/jhb-dates";
import { formatRand } from "~/domain/money";
import { paymentProblems } from "~/domain/payment-jobs.server";
import { requireAdmin } from "~/web/guards.server";
import { checkReadiness, type HealthCheck } from "~/infra/health.server";
import { useErrorStatus } from "~/components/error-page";
import { adminTitle } from "~/components/admin/admin-title";

export const meta: MetaFunction = () => adminTitle("System");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const [readiness, outboxNow, payments] = await Promise.all([
    checkReadiness(context),
    context.metrics.sampleOutboxDepth(),
    paymentProblems(context.db, context.clock.now()),
  ]);
  const minutes = context.metrics.lastHour();
  const sum = (f: (m: (typeof minutes)[number]) => number) => minutes.reduce((n, m) => n + f(m), 0);
  const requests = sum((m) => m.requests);
  const hits = sum((m) => m.cacheHits);
  const lookups = hits + sum((m) => m.cacheMisses);
  return {
    readiness,
    payments,
    modes: context.config.mode,
    totals: {
      requests,
      errorRatePct: requests ? (100 * sum((m) => m.errors)) / requests : 0,
      cacheHitPct: lookups ? (100 * hits) / lookups : null,
      rateLimited: sum((m) => m.rateLimited),
      outboxDepth: outboxNow,
      worstP95Ms: Math.max(0, ...minutes.map((m) => m.p95Ms)),
    },
    series: {
      requestRate: minutes.map((m) => m.requests / 60),
      p95Ms: minutes.map((m) => (m.requests ? m.p95Ms : null)),
      errorRatePct: minutes.map((m) => (m.requests ? (100 * m.errors) / m.requests : null)),
      cacheHitPct: minutes.map((m) => (m.cacheHits + m.cacheMisses ? (100 * m.cacheHits) / (m.cacheHits + m.cacheMisses) : null)),
      rateLimited: minutes.map((m) => m.rateLimited),
      outboxDepth: minutes.map((m) => m.outboxDepth),
    },
    generatedAt: context.clock.now().toISOString(),
  };
}

const CHECK_LABELS: Record<string, string> = {
  "database:responseTime": "Database",
  "database:migrations": "Database migrations",
  "kv:responseTime": "Cache and rate-limit store",
  "email:provider": "Email",
};

const STATUS_TEXT = { pass: "OK", warn: "Warning", fail: "Failing" } as const;

export default function AdminSystem() {
  const { readiness, payments, modes, totals, series, generatedAt } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  // With JavaScript on the page keeps itself current; without it, the Refresh link does the same.
  useEffect(() => {
    const id = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, 30_000);
    return () => clearInterval(id);
  }, [revalidator]);

  const fmt = (n: number | null, digits = 0) => (n === null ? "–" : n.toFixed(digits));
  return (
    <div className="system">
      <h1>System</h1>
      <p className="muted">
        Running with database <strong>{modes.db}</strong>, store <strong>{modes.kv}</strong>, email <strong>{modes.mail}</strong>.
        Figures are this instance&rsquo;s, for the last hour. Checked {formatTimeOfDay(generatedAt)}.{" "}
        <a href="/admin/system">Refresh</a>
      </p>

      <h2>
        Readiness:{" "}
        <span className={`system__status system__status--${readiness.status}`} data-testid="overall-status">
          {STATUS_TEXT[readiness.status]}
        </span>
      </h2>
      <ScrollBox label="Dependencies">
        <table>
          <ColumnHeads names={["Dependency", "Status", "Observed", "Notes"]} />
          <tbody>
            {Object.entries(readiness.checks).map(([key, checks]) =>
              checks.map((c: HealthCheck) => (
                <tr key={key}>
                  <th scope="row">
                    {CHECK_LABELS[key] ?? key} <span className="muted">({c.componentId})</span>
                  </th>
                  <td>
                    <span className={`system__status system__status--${c.status}`}>{STATUS_TEXT[c.status]}</span>
                  </td>
                  <td>{c.observedValue === undefined ? "–" : `${c.observedValue} ${c.observedUnit ?? ""}`.trim()}</td>
                  <td>{c.output ?? ""}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </ScrollBox>

      <h2>Card payments needing attention</h2>
      {payments.length === 0 ? (
        <p className="muted" data-testid="payment-problems">
          None: every card payment has an outcome that matches its order.
        </p>
      ) : (
        <ScrollBox label="Card payments needing attention">
          <table data-testid="payment-problems">
            <ColumnHeads names={["Order", "Order status", "Payment", "Amount", "Since", "Problem"]} />
            <tbody>
              {payments.map((p) => (
                <tr key={p.number}>
                  <th scope="row">
                    <a href={`/admin/orders/${p.orderId}`}>{p.number}</a>
                  </th>
                  <td>{p.orderStatus.replace(/_/g, " ")}</td>
                  <td>{p.paymentStatus}</td>
                  <td>{formatRand(p.amountCents)}</td>
                  <td>{formatInstant(p.createdAt)}</td>
                  <td>{p.mismatch ?? (p.paymentStatus === "paid" ? "refund owed" : "no outcome after an hour")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}

      <h2>Last hour</h2>
      <div className="system__charts">
        <Chart title="Requests per second" summary={`${totals.requests} requests`} values={series.requestRate} digits={2} />
        <Chart
          title="p95 latency (ms)"
          summary={`worst minute ${totals.worstP95Ms} ms`}
          values={series.p95Ms}
          threshold={{ value: 300, label: "300 ms SLO" }}
        />
        <Chart
          title="Error rate (5xx, %)"
          summary={`${fmt(totals.errorRatePct, 2)} % overall`}
          values={series.errorRatePct}
          digits={1}
        />
        <Chart
          title="Cache hit ratio (%)"
          summary={totals.cacheHitPct === null ? "no cache reads" : `${fmt(totals.cacheHitPct, 1)} % overall`}
          values={series.cacheHitPct}
          fixedMax={100}
        />
        <Chart title="Rate-limit rejections" summary={`${totals.rateLimited} rejected`} values={series.rateLimited} />
        <Chart
          title="Email outbox depth"
          summary={totals.outboxDepth === null ? "not sampled" : `${totals.outboxDepth} waiting now`}
          values={series.outboxDepth}
        />
      </div>
    </div>
  );
}

const W = 240;
const H = 64;
const PAD = 2;

/** A one-hour sparkline: minutes left to right, gaps where there is no data, optional dashed threshold. */
function Chart(props: {
  title: string;
  summary: string;
  values: Array<number | null>;
  digits?: number;
  fixedMax?: number;
  threshold?: { value: number; label: string };
}) {
  const { title, summary, values, digits = 0, fixedMax, threshold } = props;
  const present = values.filter((v): v is number => v !== null);
  const max = fixedMax ?? Math.max(1e-9, ...present, threshold ? threshold.value * 1.1 : 0);
  const x = (i: number) => PAD + (i * (W - 2 * PAD)) / Math.max(1, values.length - 1);
  const y = (v: number) => H - PAD - (Math.min(v, max) / max) * (H - 2 * PAD);
  let d = "";
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
    pen = true;
  });
  const last = [...values].reverse().find((v) => v !== null) ?? null;
  const label = `${title}: ${summary}. Latest ${last === null ? "no data" : last.toFixed(digits)}, peak ${present.length ? Math.max(...present).toFixed(digits) : "no data"}.`;
  return (
    <figure className="system__chart">
      <figcaption>
        <strong>{title}</strong>
        <span className="muted"> · {summary}</span>
        {threshold ? <span className="muted system__chart-legend"> · dashed line: {threshold.label}</span> : null}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={label} preserveAspectRatio="none">
        <title>{label}</title>
        <rect x="0" y="0" width={W} height={H} className="system__chart-bg" />
        {threshold && threshold.value <= max ? (
          <line x1={PAD} x2={W - PAD} y1={y(threshold.value)} y2={y(threshold.value)} className="system__chart-threshold" />
        ) : null}
        {d ? <path d={d.trim()} className="system__chart-line" /> : null}
        {present.length === 1 ? (
          <circle cx={x(values.findIndex((v) => v !== null))} cy={y(present[0])} r="2" className="system__chart-dot" />
        ) : null}
      </svg>
      <div className="system__chart-axis muted">
        <span>60 min ago</span>
        <span>top {present.length || fixedMax ? max.toFixed(digits) : "–"}</span>
        <span>now</span>
      </div>
    </figure>
  );
}

export function ErrorBoundary() {
  const status = useErrorStatus();
  return (
    <>
      <h1>System</h1>
      <p>{status === 403 ? "Admins only." : "The system page could not be loaded. Please try again in a moment."}</p>
    </>
  );
}
