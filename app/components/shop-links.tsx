import { Link } from "@remix-run/react";

/** The two ways into the shop, as buttons: single meals and the weekly stage packs. */
export function ShopLinks({ mealsLabel }: { mealsLabel: string }) {
  return (
    <p>
      <Link className="button" to="/shop">
        {mealsLabel}
      </Link>{" "}
      <Link className="button secondary" to="/packs">
        See weekly stage packs
      </Link>
    </p>
  );
}
