import { RecordedEvent } from './envelope';

/** Turns the data of `type` at `fromVersion` into the shape of version fromVersion + 1. */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast: (data: unknown, event: RecordedEvent) => unknown;
}

/**
 * Old event shapes are upcast on read, one version at a time; stored events never change
 * (their hashes cover them) and stored type names stay stable.
 */
export class Upcasters {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(upcasters: Upcaster[] = []) {
    for (const u of upcasters) this.byKey.set(`${u.type}@${u.fromVersion}`, u);
  }

  apply(event: RecordedEvent): RecordedEvent {
    let current = event;
    for (let next = this.byKey.get(`${current.type}@${current.schemaVersion}`); next;) {
      current = { ...current, data: next.upcast(current.data, current), schemaVersion: current.schemaVersion + 1 };
      next = this.byKey.get(`${current.type}@${current.schemaVersion}`);
    }
    return current;
  }
}
