import { Link, NavLink } from "@remix-run/react";

type HeaderUser = { role: "customer" | "admin" } | null;

export function SiteHeader({ user, cartCount = 0 }: { user: HeaderUser; cartCount?: number }) {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="brand" aria-label="Little Harvest home">
          <img src="/favicon.svg" alt="" width={32} height={32} />
          <span>Little Harvest</span>
        </Link>
        <nav aria-label="Main">
          <NavLink to="/shop">Shop</NavLink>
          <NavLink to="/packs">Stage packs</NavLink>
          <NavLink to="/cart" aria-label={`Cart, ${cartCount} ${cartCount === 1 ? "item" : "items"}`}>
            Cart{" "}
            <span className="cart-count" data-testid="cart-count" aria-hidden="true">
              {cartCount}
            </span>
          </NavLink>
          {user?.role === "admin" && <NavLink to="/admin">Back office</NavLink>}
          {user ? <NavLink to="/account">Account</NavLink> : <NavLink to="/login">Log in</NavLink>}
        </nav>
      </div>
    </header>
  );
}

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <p>
        <strong>Little Harvest</strong> · Fresh meals for little ones, cooked in Johannesburg and delivered to your door.
      </p>
      <p>
        <Link to="/shop">Shop</Link> · <Link to="/packs">Stage packs</Link> · <Link to="/help">Help and delivery</Link> ·{" "}
        <a href="mailto:hello@littleharvest.co.za">hello@littleharvest.co.za</a>
      </p>
    </footer>
  );
}
