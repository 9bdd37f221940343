import { Body } from "@react-email/body";
import { Button } from "@react-email/button";
import { Container } from "@react-email/container";
import { Head } from "@react-email/head";
import { Heading } from "@react-email/heading";
import { Html } from "@react-email/html";
import { Link } from "@react-email/link";
import { Preview } from "@react-email/preview";
import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
import type { CSSProperties, ReactNode } from "react";
import type { StoreInfo } from "./store-info";

export const colors = {
  cream: "#FFF8EE",
  green: "#2F6B3A",
  carrot: "#E8833A",
  ink: "#2B2B2B",
  muted: "#6B6257",
  line: "#EADFCF",
  white: "#FFFFFF",
};

const font = "'Helvetica Neue', Helvetica, Arial, sans-serif";

const styles = {
  body: { backgroundColor: colors.cream, margin: 0, padding: "24px 0", fontFamily: font, color: colors.ink },
  container: { maxWidth: "560px", width: "100%", margin: "0 auto", padding: "0 12px" },
  wordmark: { fontSize: "26px", fontWeight: 700, color: colors.green, textDecoration: "none", letterSpacing: "-0.5px" },
  card: { backgroundColor: colors.white, borderRadius: "12px", borderTop: `4px solid ${colors.carrot}`, padding: "24px" },
  title: { fontSize: "22px", lineHeight: "28px", color: colors.green, margin: "0 0 16px" },
  paragraph: { fontSize: "16px", lineHeight: "24px", margin: "0 0 16px" },
  button: {
    backgroundColor: colors.carrot,
    color: colors.white,
    borderRadius: "8px",
    padding: "12px 24px",
    fontSize: "16px",
    fontWeight: 700,
    textDecoration: "none",
  },
  footer: { fontSize: "13px", lineHeight: "20px", color: colors.muted, margin: "0 0 8px", textAlign: "center" },
  footerLink: { color: colors.muted, textDecoration: "underline" },
} satisfies Record<string, CSSProperties>;

type LayoutProps = {
  /** Inbox preview line shown after the subject. */
  preview: string;
  /** Why the recipient got this email, shown in the footer. */
  reason: string;
  store: StoreInfo;
  children: ReactNode;
};

export function EmailLayout({ preview, reason, store, children }: LayoutProps) {
  return (
    <Html lang="en-ZA">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Section style={{ padding: "8px 0 20px", textAlign: "center" }}>
            <Link href={store.appUrl} style={styles.wordmark}>
              Little <span style={{ color: colors.carrot }}>Harvest</span>
            </Link>
          </Section>
          <Section style={styles.card}>{children}</Section>
          <Section style={{ padding: "20px 12px 0" }}>
            <Text style={styles.footer}>{reason}</Text>
            <Text style={styles.footer}>
              Little Harvest · {store.contactAddress}
              <br />
              <Link href={`mailto:${store.contactEmail}`} style={styles.footerLink}>
                {store.contactEmail}
              </Link>
              {" · "}
              <Link href={`tel:${store.contactPhone.replace(/[^\d+]/g, "")}`} style={styles.footerLink}>
                {store.contactPhone}
              </Link>
            </Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

export function Title({ children }: { children: ReactNode }) {
  return (
    <Heading as="h1" style={styles.title}>
      {children}
    </Heading>
  );
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={styles.paragraph}>{children}</Text>;
}

export function CtaButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Section style={{ margin: "8px 0 24px" }}>
      <Button href={href} style={styles.button}>
        {children}
      </Button>
    </Section>
  );
}
