import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Dashboard · Little Harvest back office" }];

export default function AdminDashboard() {
  return (
    <>
      <h1>Dashboard</h1>
      <p className="muted">Orders, revenue and stock at a glance.</p>
    </>
  );
}
