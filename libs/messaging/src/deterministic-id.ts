import { createHash } from 'node:crypto';

/**
 * Name-based UUIDs (RFC 9562 version 5). A consumer whose effect is an event-store append makes the
 * new event's id from the incoming event's id: a redelivered message then appends an event with the
 * same id, which the store turns into a no-op instead of a duplicate.
 */
export function uuidV5(name: string, namespace: string): string {
  const hex = namespace.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a UUID: ${namespace}`);
  const bytes = createHash('sha1').update(Buffer.from(hex, 'hex')).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Namespace of every id this system derives from an integration event. Never change it. */
export const DERIVED_EVENT_ID_NAMESPACE = 'c5a3a0e2-5d6b-4f0b-9a3e-8f1d2b7c4e61';

/**
 * The id of an event a consumer appends in reaction to an incoming event. The consumer group is part
 * of the name so that two process managers reacting to one event never collide; `purpose` tells
 * apart several events appended for one incoming event. Renaming a group changes the ids (and
 * resets its offsets): don't.
 */
export function derivedEventId(consumerGroup: string, incomingEventId: string, purpose = ''): string {
  return uuidV5(`${consumerGroup}/${incomingEventId}/${purpose}`, DERIVED_EVENT_ID_NAMESPACE);
}
