import { defineContract } from '../contract';

/**
 * Example contracts for the messaging tests and documentation; the real contracts of the services
 * are defined next to this folder as the services publish them. Made by a function so that each
 * test run can use a topic of its own on the shared broker.
 */
export interface CaseOpened {
  caseId: string;
  /** 12-digit statistical code of the village or township. */
  jurisdiction: string;
  category: 'orphan' | 'de-facto-unattended' | 'other';
  openedOn: string;
}

export interface CaseClosed {
  caseId: string;
  outcome: 'adopted' | 'returned-to-family' | 'came-of-age';
  closedOn: string;
}

const UUID = { type: 'string', format: 'uuid' } as const;
const DATE = { type: 'string', format: 'date' } as const;
const caseKey = {
  description: "the case's stream id, case-<caseId>",
  of: (payload: { caseId: string }) => `case-${payload.caseId}`,
};

export function exampleCaseContracts(topic = 'example.cases.v1') {
  const caseOpened = defineContract<'example.CaseOpened', CaseOpened>({
    name: 'example.CaseOpened',
    version: 1,
    topic,
    producer: 'example',
    summary: 'A case was opened for a child in a jurisdiction.',
    key: caseKey,
    personalData: 'none',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['caseId', 'jurisdiction', 'category', 'openedOn'],
      properties: {
        caseId: UUID,
        jurisdiction: { type: 'string', pattern: '^[0-9]{12}$' },
        category: { type: 'string', enum: ['orphan', 'de-facto-unattended', 'other'] },
        openedOn: DATE,
      },
    },
    example: {
      caseId: '0c4b6a52-7d1e-4d0e-9a43-6b1b2c3d4e5f',
      jurisdiction: '330602001001',
      category: 'orphan',
      openedOn: '2025-03-01',
    },
  });

  const caseClosed = defineContract<'example.CaseClosed', CaseClosed>({
    name: 'example.CaseClosed',
    version: 1,
    topic,
    producer: 'example',
    summary: 'A case was closed, with its outcome.',
    key: caseKey,
    personalData: 'none',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['caseId', 'outcome', 'closedOn'],
      properties: {
        caseId: UUID,
        outcome: { type: 'string', enum: ['adopted', 'returned-to-family', 'came-of-age'] },
        closedOn: DATE,
      },
    },
    example: { caseId: '0c4b6a52-7d1e-4d0e-9a43-6b1b2c3d4e5f', outcome: 'adopted', closedOn: '2025-09-30' },
  });

  return { caseOpened, caseClosed };
}
