import type { ReactNode } from "react";
import { formatRand } from "~/domain/money";
import { ColumnHeads } from "./column-heads";

type OrderLine = { id: number; quantity: number; unitPriceCents: number; lineTotalCents: number };

/**
 * An order's lines: what was bought (in the page's own words, `describe`), how many, at what price, for how much;
 * `children` are the footer rows (subtotal, delivery, total), which the shop and the back office word differently.
 */
export function OrderLinesTable<L extends OrderLine>({
  lines,
  heads,
  describe,
  className,
  children,
}: {
  lines: readonly L[];
  heads: readonly [string, string, string, string];
  describe: (line: L) => ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <table className={className}>
      <ColumnHeads names={heads} />
      <tbody>
        {lines.map((line) => (
          <tr key={line.id}>
            <td>{describe(line)}</td>
            <td>{line.quantity}</td>
            <td>{formatRand(line.unitPriceCents)}</td>
            <td>{formatRand(line.lineTotalCents)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>{children}</tfoot>
    </table>
  );
}
