import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

/** A page inside "My account": the way back up, the page's title, then its content. */
export function AccountPage({
  title,
  back = { to: "/account", label: "My account" },
  className = "page narrow",
  children,
}: {
  title: ReactNode;
  /** Where "←" leads; "My account" unless the page sits deeper ("My children"). */
  back?: { to: string; label: string };
  className?: string;
  children: ReactNode;
}) {
  return (
    <section className={className}>
      <p className="back-link">
        <Link to={back.to}>{`← ${back.label}`}</Link>
      </p>
      <h1>{title}</h1>
      {children}
    </section>
  );
}
