#!/usr/bin/env bash
# Proves that scripts/backup.sh + scripts/restore.sh round-trip the app's schema and data.
#
#   scripts/backup-restore-check.sh [POSTGRES_URL]     default postgres://postgres@127.0.0.1:5432/postgres
#
# The URL's role must be allowed to CREATE DATABASE. Steps: create a scratch database, apply drizzle/*.sql in
# order, insert rows into every table, record per-table row counts and content checksums, back up, drop and
# recreate the database, restore, compare; restore a second time over the restored data (--clean path) and compare
# again. The scratch database is always dropped. Exits non-zero on any mismatch.
set -euo pipefail

cd "$(dirname "$0")/.."
admin_url="${1:-postgres://postgres@127.0.0.1:5432/postgres}"
scratch="lh_backup_check_$$"
work="$(mktemp -d)"

# Same URL, other database name (keeps credentials, host, port and query string such as sslmode).
scratch_url="$(node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.toString())' "$admin_url" "$scratch")"

psql_admin() { psql "$admin_url" -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_scratch() { psql "$scratch_url" -v ON_ERROR_STOP=1 -qAt "$@"; }

cleanup() {
  psql_admin -c "DROP DATABASE IF EXISTS $scratch WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== scratch database $scratch"
psql_admin -c "CREATE DATABASE $scratch"

echo "== migrations"
shopt -s nullglob
migrations=(drizzle/*.sql)
if [[ ${#migrations[@]} -eq 0 ]]; then echo "no drizzle/*.sql found" >&2; exit 1; fi
for f in "${migrations[@]}"; do   # glob order is lexical: 0000_, 0001_, ...
  echo "   $f"
  psql_scratch -f "$f" >/dev/null
done

echo "== sample rows"
psql_scratch <<'SQL' >/dev/null
BEGIN;
INSERT INTO age_groups (slug, label, min_months, max_months, sort) VALUES
  ('6-8m', '6–8 months', 6, 8, 1), ('9-12m', '9–12 months', 9, 12, 2),
  ('12-24m', '12–24 months', 12, 24, 3), ('24-48m', '24–48 months', 24, 48, 4);
INSERT INTO textures (slug, label, sort) VALUES ('puree', 'Purée', 1), ('lumpy', 'Lumpy', 2), ('toddler', 'Toddler', 3);
INSERT INTO portion_sizes (grams, label, default_price_cents, sort) VALUES (130, '130 g', 3900, 1), (160, '160 g', 4500, 2), (220, '220 g', 5900, 3);
INSERT INTO products (slug, name, description, age_group_id, texture_id, contains, may_contain, featured)
  SELECT 'product-' || i, 'Product ' || i, 'Butternut & apple, batch ' || i, 1 + i % 4, 1 + i % 3,
         CASE WHEN i % 3 = 0 THEN ARRAY['milk'] ELSE '{}'::text[] END, ARRAY['sesame'], i % 5 = 0
  FROM generate_series(1, 30) AS i;
INSERT INTO product_variants (product_id, portion_size_id, price_cents, stock)
  SELECT p.id, s.id, s.default_price_cents + p.id * 10, 50 + p.id FROM products p CROSS JOIN portion_sizes s;
INSERT INTO packs (slug, name, age_group_id, price_cents) VALUES ('starter', 'Starter week', 1, 24900), ('explorer', 'Explorer', 2, 29900);
INSERT INTO pack_items (pack_id, variant_id, quantity) SELECT 1 + v.id % 2, v.id, 2 FROM product_variants v WHERE v.id <= 10;
INSERT INTO users (email, password_hash, name, phone, role, email_verified_at)
  SELECT 'parent' || i || '@example.test', '$argon2id$v=19$m=19456,t=2,p=1$stub$stub', 'Parent ' || i, '+27 82 000 ' || lpad(i::text, 4, '0'),
         CASE WHEN i = 1 THEN 'admin'::user_role ELSE 'customer'::user_role END, now()
  FROM generate_series(1, 12) AS i;
INSERT INTO addresses (user_id, recipient_name, phone, line1, suburb, postal_code, is_default)
  SELECT id, name, phone, id || ' Jan Smuts Ave', 'Parkhurst', '2193', true FROM users;
INSERT INTO children (user_id, name, date_of_birth, allergies) SELECT id, 'Child of ' || id, date '2024-01-01' + id, ARRAY['egg'] FROM users;
INSERT INTO sessions (id, user_id, expires_at) SELECT 'sess-' || id, id, now() + interval '30 days' FROM users;
INSERT INTO verification_tokens (user_id, purpose, token_hash, expires_at) SELECT id, 'verify_email', md5('t' || id), now() + interval '1 day' FROM users;
INSERT INTO carts (id, user_id) SELECT 'cart-' || id, id FROM users;
INSERT INTO carts (id) VALUES ('cart-guest');
INSERT INTO cart_items (cart_id, variant_id, quantity) SELECT 'cart-' || u.id, u.id, 1 + u.id % 3 FROM users u;
INSERT INTO cart_items (cart_id, pack_id, quantity) VALUES ('cart-guest', 1, 1);
INSERT INTO orders (number, user_id, checkout_token, payment_method, email, subtotal_cents, delivery_fee_cents, total_cents, delivery_date, address)
  SELECT 'LH-' || lpad((999 + i)::text, 6, '0'), 1 + i % 12, 'tok-' || i,
         CASE WHEN i % 2 = 0 THEN 'card'::payment_method ELSE 'cash_on_delivery'::payment_method END,
         'parent' || (1 + i % 12) || '@example.test', 9000 + i, 6000, 15000 + i, date '2025-03-10' + i % 7,
         jsonb_build_object('line1', i || ' Jan Smuts Ave', 'postalCode', '2193')
  FROM generate_series(1, 25) AS i;
INSERT INTO order_numbers (id, last) SELECT 1, max(substring(number from 4)::int) FROM orders;
INSERT INTO order_items (order_id, variant_id, name, portion_label, quantity, unit_price_cents, line_total_cents)
  SELECT o.id, 1 + o.id % 90, 'Product', '160 g', 2, 4500, 9000 FROM orders o;
INSERT INTO order_events (order_id, type, from_value, to_value, actor_label) SELECT id, 'status', NULL, 'placed', 'customer' FROM orders;
INSERT INTO payments (order_id, provider, method, amount_cents) SELECT id, 'manual', payment_method, total_cents FROM orders;
INSERT INTO payment_events (payment_id, provider_event_id, type) SELECT id, 'evt-' || id, 'created' FROM payments;
INSERT INTO email_outbox (template, to_email, payload, idempotency_key)
  SELECT 'order-confirmation', email, jsonb_build_object('orderNumber', number), 'order-confirmation:' || number FROM orders;
INSERT INTO email_suppressions (email, reason, detail, outbox_id)
  SELECT to_email, 'bounced', 'Permanent: mailbox does not exist', id FROM email_outbox WHERE id % 10 = 0;
INSERT INTO email_webhook_events (svix_id, type, provider_message_id, received_at)
  SELECT 'msg_' || id, 'email.delivered', 'resend-' || id, now() FROM email_outbox;
INSERT INTO store_settings (delivery_fee_cents, free_delivery_threshold_cents, delivery_postal_codes, delivery_weekdays, cutoff_hour,
                            payment_methods, contact_email, contact_phone, contact_address)
  VALUES (6000, 50000, ARRAY['2193','2196'], ARRAY[2,5], 12, '{"card": true, "cash_on_delivery": true}', 'hello@example.test', '+27 11 000 0000', 'Johannesburg');
INSERT INTO audit_log (actor_user_id, actor_label, action, entity_type, entity_id, after) VALUES (1, 'admin', 'update', 'store_settings', '1', '{"cutoff_hour": 12}');
COMMIT;
SQL

# One line per table: name, row count, checksum of the rows' text; plus sequence positions.
snapshot() {
  psql_scratch -F ' ' <<'SQL'
SELECT string_agg(line, E'\n' ORDER BY line) FROM (
  SELECT format('table %s rows=%s', c.relname,
                (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text)
         || ' md5=' ||
         (xpath('/row/h/text()', query_to_xml(format(
            'SELECT coalesce(md5(string_agg(t::text, %L ORDER BY t::text)), %L) AS h FROM %I.%I t', '|', 'empty', n.nspname, c.relname),
            false, true, '')))[1]::text AS line
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
  UNION ALL
  SELECT format('sequence %s last_value=%s', sequencename, last_value) FROM pg_sequences WHERE schemaname = 'public'
) s;
SQL
}

snapshot >"$work/before.txt"
tables="$(grep -c '^table ' "$work/before.txt")"
empty="$(grep '^table ' "$work/before.txt" | grep -c ' rows=0 ' || true)"
echo "   $tables tables, $empty empty"
if [[ "$empty" -ne 0 ]]; then
  echo "some tables have no sample rows (add them above so the check covers them):" >&2
  grep ' rows=0 ' "$work/before.txt" >&2
  exit 1
fi

echo "== backup"
scripts/backup.sh "$scratch_url" "$work/lh.dump"

echo "== drop and recreate $scratch"
psql_admin -c "DROP DATABASE $scratch WITH (FORCE)"
psql_admin -c "CREATE DATABASE $scratch"

echo "== restore into the empty database"
scripts/restore.sh "$scratch_url" "$work/lh.dump"
snapshot >"$work/after.txt"
if ! diff -u "$work/before.txt" "$work/after.txt"; then
  echo "backup-restore-check: MISMATCH after restore into an empty database" >&2
  exit 1
fi

echo "== restore again over the restored data (--clean path)"
psql_scratch -c "INSERT INTO textures (slug, label) VALUES ('stray', 'written after the backup')" >/dev/null
scripts/restore.sh "$scratch_url" "$work/lh.dump"
snapshot >"$work/after2.txt"
if ! diff -u "$work/before.txt" "$work/after2.txt"; then
  echo "backup-restore-check: MISMATCH after restore over existing data" >&2
  exit 1
fi

echo "   $(grep '^table ' "$work/before.txt" | awk '{print $2 "=" substr($3, 6)}' | paste -sd ' ')"
echo "backup-restore-check: OK ($tables tables, row counts and checksums match)"
