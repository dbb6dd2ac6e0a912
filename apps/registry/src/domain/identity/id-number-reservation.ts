import { assertNever, Command, Decider, DomainEvent } from '../shared/decider';
import { RegistryError } from '../shared/registry-error';

/**
 * One file per resident ID number (ARCHITECTURE.md §3). A read model lags, so the duplicate check
 * in RegisterChild is only the friendly early answer; the guarantee is this reservation stream,
 * appended with `no_stream` in the same atomic write as the ChildRegistered event. Its name comes
 * from the blind index (a keyed hash of the number), never the number itself.
 */
export function idNumberReservationStream(blindIndex: string): string {
  if (!/^[0-9a-f]{16,128}$/.test(blindIndex)) throw new RangeError('blind index must be lower-case hex');
  return `idreservation-${blindIndex}`;
}

export type ReserveIdNumber = Command<'ReserveIdNumber', { childId: string }>;
export type IdNumberReserved = DomainEvent<'IdNumberReserved', { childId: string }>;

export type IdNumberReservation = { status: 'free' } | { status: 'reserved'; childId: string };

export const idNumberReservation: Decider<ReserveIdNumber, IdNumberReserved, IdNumberReservation> = {
  initialState: () => ({ status: 'free' }),
  decide(command, state) {
    switch (state.status) {
      case 'free':
        return [{ type: 'IdNumberReserved', data: { childId: command.data.childId } }];
      case 'reserved':
        if (state.childId === command.data.childId) return [];
        throw new RegistryError('REGISTRY.DUPLICATE_ID_NUMBER', { existingChildId: state.childId });
      default:
        return assertNever(state, 'reservation state');
    }
  },
  evolve(_state, event) {
    return { status: 'reserved', childId: event.data.childId };
  },
};
