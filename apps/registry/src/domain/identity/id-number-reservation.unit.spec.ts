import { by, VILLAGE_OFFICER } from '../testing/fixtures';
import { deciderSpec } from '../testing/given-when-then';
import { idNumberReservation, idNumberReservationStream, ReserveIdNumber } from './id-number-reservation';

const given = deciderSpec(idNumberReservation);
const reserve = (childId: string): ReserveIdNumber => ({
  type: 'ReserveIdNumber',
  data: { childId },
  metadata: by(VILLAGE_OFFICER),
});

describe('one file per ID number, decided by a reservation stream', () => {
  it('names the stream from the blind index, never the number', () => {
    expect(idNumberReservationStream('9f86d081884c7d65')).toBe('idreservation-9f86d081884c7d65');
    expect(() => idNumberReservationStream('330602201503011231X')).toThrow(RangeError);
  });

  it('reserves a free number for the registering child', () => {
    given([])
      .when(reserve('c-1'))
      .then([{ type: 'IdNumberReserved', data: { childId: 'c-1' } }]);
  });

  it('is a no-op when the same child registers again (a retry)', () => {
    given([{ type: 'IdNumberReserved', data: { childId: 'c-1' } }])
      .when(reserve('c-1'))
      .then([]);
  });

  it('refuses another child, pointing to the file that holds the number', () => {
    given([{ type: 'IdNumberReserved', data: { childId: 'c-1' } }])
      .when(reserve('c-2'))
      .then('REGISTRY.DUPLICATE_ID_NUMBER', { existingChildId: 'c-1' });
  });
});
