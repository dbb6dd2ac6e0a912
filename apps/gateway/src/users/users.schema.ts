/** The gateway's tables, created idempotently at boot (advisory lock: several gateways may boot at once). */
export const USERS_SCHEMA = /* sql */ `
CREATE TABLE IF NOT EXISTS auth_users (
  id uuid PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  display_name text NOT NULL,
  -- scrypt$N$r$p$salt$key: per-user salt, parameters kept with the hash
  password_hash text NOT NULL,
  roles text[] NOT NULL,
  agency text NOT NULL,
  jurisdiction text NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Failed sign-ins per name as typed (known or not, so a lockout tells nothing about who exists).
CREATE TABLE IF NOT EXISTS auth_sign_in_failures (
  username text PRIMARY KEY,
  failures integer NOT NULL,
  first_failed_at timestamptz NOT NULL,
  locked_until timestamptz
);
`;
