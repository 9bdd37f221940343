import { formatRand, formatRandShort } from "~/domain/money";

type Day = { date: string; cents: number; orders: number };

/** 30 daily bars, the last 7 highlighted. Plain SVG (no script, no inline styles), with a text table for screen readers. */
export function RevenueChart({ days }: { days: Day[] }) {
  const width = 600;
  const height = 160;
  const pad = 20;
  const max = Math.max(1, ...days.map((d) => d.cents));
  const barW = (width - pad) / days.length;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height + pad}`} role="img" aria-labelledby="revenue-title" className="chart__svg">
        <title id="revenue-title">{`Revenue per day over the last 30 days; the highest day was ${formatRand(max === 1 ? 0 : max)}`}</title>
        <line x1={pad} y1={height} x2={width} y2={height} className="chart__axis" />
        <text x={0} y={12} className="chart__label">
          {formatRandShort(max === 1 ? 0 : max)}
        </text>
        {days.map((d, i) => {
          const h = Math.round((d.cents / max) * (height - pad));
          return (
            <rect
              key={d.date}
              x={pad + i * barW + 1}
              y={height - h}
              width={Math.max(1, barW - 2)}
              height={h}
              className={i >= days.length - 7 ? "chart__bar chart__bar--recent" : "chart__bar"}
            >
              <title>{`${d.date}: ${formatRand(d.cents)} (${d.orders} orders)`}</title>
            </rect>
          );
        })}
        <text x={pad} y={height + 16} className="chart__label">
          {days[0]?.date.slice(5)}
        </text>
        <text x={width} y={height + 16} textAnchor="end" className="chart__label">
          {days[days.length - 1]?.date.slice(5)}
        </text>
      </svg>
      <figcaption className="muted">Daily revenue, last 30 days (last 7 in orange). Cancelled orders are left out.</figcaption>
    </figure>
  );
}
