// The KurrentDB adapter, imported as '@app/event-store/kurrentdb' so that services on PostgreSQL
// never load the gRPC client.
export * from './event-hash';
export * from './kurrentdb-checkpoint-store';
export * from './kurrentdb-connection';
export * from './kurrentdb-event-store';
export * from './kurrentdb-mapping';
