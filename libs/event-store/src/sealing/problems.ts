/** What the verifier (and the sealer, before it seals) can find wrong, with stable codes. */
export type ProblemKind =
  | 'altered-event'
  | 'removed-event'
  | 'inserted-event'
  | 'reordered-events'
  | 'broken-chain'
  | 'invalid-checkpoint-signature'
  | 'unknown-checkpoint-key'
  | 'checkpoint-root-mismatch'
  | 'tampered-seal-leaves';

/** An event as far as it is known: a removed event found by the chain alone has no id. */
export interface EventRef {
  eventId?: string;
  streamId: string;
  revision: number;
  position?: string;
}

export interface IntegrityProblem {
  kind: ProblemKind;
  /** English detail naming the event, leaf or checkpoint. */
  message: string;
  event?: EventRef;
  /** The other event of a reordering or of an insertion's place. */
  otherEvent?: EventRef;
  leafIndex?: number;
  checkpointTreeSize?: number;
}

export const PROBLEM_LABELS: Record<ProblemKind, { zh: string; en: string }> = {
  'altered-event': { zh: '事件被篡改', en: 'altered event' },
  'removed-event': { zh: '事件被删除', en: 'removed event' },
  'inserted-event': { zh: '事件被插入', en: 'inserted event' },
  'reordered-events': { zh: '事件顺序被改动', en: 'reordered events' },
  'broken-chain': { zh: '哈希链断裂', en: 'broken hash chain' },
  'invalid-checkpoint-signature': { zh: '检查点签名无效（伪造）', en: 'forged or invalid checkpoint signature' },
  'unknown-checkpoint-key': { zh: '检查点签名密钥未知', en: 'checkpoint signed by an unknown key' },
  'checkpoint-root-mismatch': { zh: '检查点根哈希不符', en: 'checkpoint root mismatch' },
  'tampered-seal-leaves': { zh: '封存叶子被篡改', en: 'tampered seal leaves' },
};

export function describeEvent(event: EventRef): string {
  const id = event.eventId ? `event ${event.eventId}` : 'the event';
  return `${id} (stream ${event.streamId}, revision ${event.revision}${event.position ? `, position ${event.position}` : ''})`;
}

/** `事件被篡改 / altered event: event … (stream …, revision …): …` */
export function describeProblem(problem: IntegrityProblem): string {
  const label = PROBLEM_LABELS[problem.kind];
  return `${label.zh} / ${label.en}: ${problem.message}`;
}
