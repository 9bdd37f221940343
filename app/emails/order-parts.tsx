import { Column } from "@react-email/column";
import { Hr } from "@react-email/hr";
import { Row } from "@react-email/row";
import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
import type { CSSProperties, ReactNode } from "react";
import { formatRand } from "~/domain/money";
import { colors } from "./layout";
import type { OrderItem } from "./schema";

/** The footer line of the emails about an order the customer placed. */
export const PLACED_AN_ORDER = "You're getting this email because you placed an order with Little Harvest.";

const styles = {
  label: { fontSize: "14px", lineHeight: "20px", color: colors.muted, margin: 0 },
  value: { fontSize: "15px", lineHeight: "22px", margin: 0 },
  itemName: { fontSize: "15px", lineHeight: "22px", fontWeight: 700, margin: 0 },
  amount: { fontSize: "15px", lineHeight: "22px", margin: 0, textAlign: "right" },
  total: { fontSize: "17px", lineHeight: "24px", fontWeight: 700, margin: 0, color: colors.green },
  hr: { borderColor: colors.line, margin: "12px 0" },
  cell: { padding: "6px 0", verticalAlign: "top" },
} satisfies Record<string, CSSProperties>;

/** Label/value pairs such as "Order number: LH-000123". */
export function Details({ rows }: { rows: [label: string, value: ReactNode][] }) {
  return (
    <Section style={{ margin: "0 0 16px" }}>
      {rows.map(([label, value]) => (
        <Row key={label}>
          <Column style={{ ...styles.cell, width: "40%" }}>
            <Text style={styles.label}>{label}</Text>
          </Column>
          <Column style={styles.cell}>
            <Text style={styles.value}>{value}</Text>
          </Column>
        </Row>
      ))}
    </Section>
  );
}

export function ItemList({ items }: { items: OrderItem[] }) {
  return (
    <Section>
      {items.map((item, index) => (
        <Row key={index}>
          <Column style={styles.cell}>
            <Text style={styles.itemName}>{item.name}</Text>
            <Text style={styles.label}>
              {`${item.portionLabel ?? "Pack"} · ${item.quantity} × ${formatRand(item.unitPriceCents)}`}
            </Text>
          </Column>
          <Column style={{ ...styles.cell, width: "30%" }}>
            <Text style={styles.amount}>{formatRand(item.lineTotalCents)}</Text>
          </Column>
        </Row>
      ))}
    </Section>
  );
}

/** One line of an order summary; `strong` for the total. */
export function SummaryRow({ label, value, strong = false }: { label: string; value: string; strong?: boolean }) {
  const style = strong ? styles.total : styles.value;
  return (
    <Row>
      <Column style={styles.cell}>
        <Text style={style}>{label}</Text>
      </Column>
      <Column style={styles.cell}>
        <Text style={{ ...style, textAlign: "right" }}>{value}</Text>
      </Column>
    </Row>
  );
}

export function Divider() {
  return <Hr style={styles.hr} />;
}

export function AddressLines({ lines }: { lines: string[] }) {
  return lines.map((line, index) => (
    <span key={index}>
      {index > 0 && <br />}
      {line}
    </span>
  ));
}
