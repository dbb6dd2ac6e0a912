import { randomUUID } from 'node:crypto';
import { EventMetadata, NewEvent } from '@app/event-store';
import { CommandMetadata } from '../domain';

export interface EnvelopeOptions {
  /** The child whose key encrypts the events' `personal` fields (claims' diagnoses). */
  subjectId?: string;
  /** Reactions to another service's event: ids derived from that event, and its correlation. */
  eventId?: (index: number) => string;
  metadata?: () => EventMetadata;
}

/**
 * The store's envelope for decided events: one correlation for the command, its decision record,
 * and `personal` fields marked for encryption with the subject's key.
 */
export function envelope(
  events: { type: string; data: unknown }[],
  command: CommandMetadata,
  options: EnvelopeOptions = {},
): NewEvent[] {
  const correlationId = randomUUID();
  return events.map((event, index) => {
    const personal =
      options.subjectId !== undefined &&
      typeof event.data === 'object' &&
      event.data !== null &&
      'personal' in event.data;
    return {
      id: options.eventId?.(index) ?? randomUUID(),
      type: event.type,
      schemaVersion: 1,
      data: event.data,
      occurredAt: command.now,
      metadata: options.metadata?.() ?? { correlationId, causationId: correlationId, decision: command.decision },
      ...(personal ? { personalData: { subjectId: options.subjectId as string, fields: ['personal'] } } : {}),
    };
  });
}
