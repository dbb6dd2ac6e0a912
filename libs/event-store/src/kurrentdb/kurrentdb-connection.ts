import { KurrentDBClient } from '@kurrent/kurrentdb-client';

/**
 * A client for `kurrentdb://host:2113?tls=false` (or a cluster's `kurrentdb+discover://…`). The
 * caller owns it: `await client.dispose()` on shutdown. This is the one module of the adapter that
 * loads the gRPC client at run time.
 */
export function connectKurrentDb(connectionString: string): KurrentDBClient {
  return KurrentDBClient.connectionString(connectionString);
}
