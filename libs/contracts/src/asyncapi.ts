import { AnyContract } from './contract';
import { HEADER_DESCRIPTIONS, MESSAGE_HEADERS } from './headers';
import { ContractRegistry } from './registry';
import { toYaml } from './yaml';

/**
 * The AsyncAPI 3 document of a set of contracts, generated from the same definitions the code uses
 * (one source of truth): a channel per topic, a message per contract version with its JSON Schema
 * (draft 2020-12, as a multi-format schema), its key rule and the common headers, and a `send`
 * operation per producing service and topic.
 */
export interface AsyncApiInfo {
  title: string;
  version: string;
  description?: string;
}

const BINDING_VERSION = '0.5.0';
const SCHEMA_FORMAT = 'application/schema+json;version=draft-2020-12';

const HEADERS_SCHEMA = {
  type: 'object',
  required: Object.values(MESSAGE_HEADERS).filter((h) => h !== MESSAGE_HEADERS.traceparent),
  properties: Object.fromEntries(
    Object.values(MESSAGE_HEADERS).map((header) => [
      header,
      { type: 'string', description: HEADER_DESCRIPTIONS[header] },
    ]),
  ),
};

/** Component and channel ids may hold only [A-Za-z0-9._-]. */
const idOf = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_');

function message(contract: AnyContract) {
  return {
    name: contract.name,
    title: `${contract.name} v${contract.version}`,
    summary: contract.summary,
    contentType: 'application/json',
    headers: HEADERS_SCHEMA,
    payload: { schemaFormat: SCHEMA_FORMAT, schema: contract.schema },
    bindings: {
      kafka: { key: { type: 'string', description: contract.key.description }, bindingVersion: BINDING_VERSION },
    },
    examples: [{ name: 'example', payload: contract.example }],
    'x-contract-version': contract.version,
    'x-personal-data': contract.personalData,
    'x-producer': contract.producer,
  };
}

export function asyncApiDocument(contracts: ContractRegistry | AnyContract[], info: AsyncApiInfo) {
  const all = Array.isArray(contracts) ? new ContractRegistry(contracts).all() : contracts.all();
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};

  for (const topic of [...new Set(all.map((c) => c.topic))].sort()) {
    const onTopic = all.filter((c) => c.topic === topic);
    const channelId = idOf(topic);
    channels[channelId] = {
      address: topic,
      description: `Integration events keyed by entity. Consumers move poison messages to ${topic}.dlq.`,
      messages: Object.fromEntries(onTopic.map((c) => [idOf(c.id), { $ref: `#/components/messages/${idOf(c.id)}` }])),
      bindings: { kafka: { bindingVersion: BINDING_VERSION } },
    };
    for (const producer of [...new Set(onTopic.map((c) => c.producer))].sort()) {
      operations[idOf(`${producer}.publish.${topic}`)] = {
        action: 'send',
        summary: `${producer} relays these events from its event store (at least once; de-duplicate on event-id).`,
        channel: { $ref: `#/channels/${channelId}` },
        messages: onTopic
          .filter((c) => c.producer === producer)
          .map((c) => ({ $ref: `#/channels/${channelId}/messages/${idOf(c.id)}` })),
      };
    }
    for (const contract of onTopic) messages[idOf(contract.id)] = message(contract);
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: info.title,
      version: info.version,
      ...(info.description ? { description: info.description } : {}),
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
}

export const asyncApiJson = (contracts: ContractRegistry | AnyContract[], info: AsyncApiInfo): string =>
  `${JSON.stringify(asyncApiDocument(contracts, info), null, 2)}\n`;

export const asyncApiYaml = (contracts: ContractRegistry | AnyContract[], info: AsyncApiInfo): string =>
  toYaml(asyncApiDocument(contracts, info));
