import type { JSONSchemaType, SchemaObject } from 'ajv/dist/2020';

/**
 * An integration event contract: the public, versioned shape of a fact one service tells the others
 * on Kafka (ARCHITECTURE.md §4). It is a different type from the stored domain event it is mapped
 * from (STYLE.md §5); changing a published contract means a new version, never an edit.
 */
export interface ContractDefinition<Name extends string, Payload> {
  /** `<producing service>.<EventInPastTense>`, e.g. `placement.PlacementStarted`. */
  name: Name;
  /** Starts at 1; a breaking change is a new version that is published alongside the old one. */
  version: number;
  /**
   * The Kafka topic. All contracts about one kind of entity share one topic, so that one entity's
   * events stay in order on one partition (key rule below).
   */
  topic: string;
  /** The service whose relay publishes it. */
  producer: string;
  summary: string;
  key: KeyRule<Payload>;
  /** JSON Schema draft 2020-12, checked against the TypeScript type by ajv's JSONSchemaType. */
  schema: JSONSchemaType<Payload>;
  /** Stated on every contract, and checked on its schema (no-personal-data.ts). */
  personalData: 'none';
  /** A valid payload, for the AsyncAPI document and a definition-time check of the schema. */
  example: Payload;
}

export interface KeyRule<Payload> {
  /** For the AsyncAPI document, e.g. `the placement's stream id, placement-<placementId>`. */
  description: string;
  /**
   * The message key for a payload. It is the id of the stream the event came from: Kafka keeps one
   * key's messages in order, so consumers see one entity's events in the order they happened.
   */
  of(payload: Payload): string;
}

/** A defined contract. Its schema is kept as plain JSON Schema: the type check was done on definition. */
export interface IntegrationContract<Name extends string = string, Payload = unknown> extends Readonly<
  Omit<ContractDefinition<Name, Payload>, 'schema'>
> {
  /** `<name>.v<version>`, unique in a registry. */
  readonly id: string;
  readonly schema: SchemaObject;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyContract = IntegrationContract<string, any>;

/** The payload type of a contract. */
export type PayloadOf<C> = C extends IntegrationContract<string, infer P> ? P : never;
