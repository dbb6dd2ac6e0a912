import { addMonths, isMonth, Month, monthOf, chinaDay } from './calendar';
import { Fen } from './money';
import { ProgrammeCode } from './programmes';
import { SubsidyError } from './subsidy-error';
import type { CommandMetadata } from './decider';

/**
 * Rate tables (one stream per programme, `rates-<programme>`): every change is a new version with
 * the month it takes effect; nothing is overwritten, so any past month's amount can be recomputed.
 * A version may reach into the past only when marked retroactive: the next payment run pays the
 * difference as arrears.
 */
export interface RateVersion {
  version: number;
  effectiveFrom: Month;
  /** Monthly amounts by rate key (basic living: `<tier>/<care setting>`; foster: `care-cost`, `labour-allowance`). */
  amounts: Record<string, Fen>;
  /** Claims programmes: share of the out-of-pocket cost reimbursed (basis points) and the yearly cap per child. */
  claims?: { ratioBasisPoints: number; annualCapFen: Fen };
  retroactive: boolean;
  indexation?: IndexationRule;
}

/**
 * The natural growth mechanism (自然增长机制): a yearly percentage, or a share of a published base
 * figure (e.g. last year's urban per-capita consumption expenditure), each rounded to the yuan.
 */
export type IndexationRule =
  | { kind: 'annual-percent'; percent: number }
  | { kind: 'share-of-base'; baseName: string; baseAnnualFen: Fen; sharesBasisPoints: Record<string, number> };

export type RateEvent = {
  type: 'RateVersionPublished';
  data: RateVersion & { programme: ProgrammeCode };
};

export interface RateTable {
  programme: ProgrammeCode;
  versions: RateVersion[];
}

export const rateStream = (programme: ProgrammeCode) => `rates-${programme}`;

export const emptyRateTable = (programme: ProgrammeCode): RateTable => ({ programme, versions: [] });

export function evolveRates(table: RateTable, event: RateEvent): RateTable {
  const { programme: _programme, ...version } = event.data;
  return { ...table, versions: [...table.versions, version] };
}

/** The version in force in `month`: the latest effective date not after it; of equals, the later published. */
export function versionInForce(table: RateTable, month: Month): RateVersion | undefined {
  let found: RateVersion | undefined;
  for (const v of table.versions) {
    if (v.effectiveFrom > month) continue;
    const later = !found || v.effectiveFrom > found.effectiveFrom;
    const republished = found && v.effectiveFrom === found.effectiveFrom && v.version > found.version;
    if (later || republished) found = v;
  }
  return found;
}

/** A monthly amount; a key `a+b` is the sum of both parts (the foster subsidy: care cost + labour allowance). */
export function monthlyAmount(
  table: RateTable,
  key: string,
  month: Month,
): { amount: Fen; version: number } | undefined {
  const version = versionInForce(table, month);
  if (!version) return undefined;
  let amount = 0;
  for (const part of key.split('+')) {
    const value = version.amounts[part];
    if (value === undefined) return undefined;
    amount += value;
  }
  return { amount, version: version.version };
}

export interface PublishRates {
  type: 'PublishRates';
  data: {
    programme: ProgrammeCode;
    effectiveFrom: Month;
    amounts: Record<string, Fen>;
    claims?: { ratioBasisPoints: number; annualCapFen: Fen };
    retroactive?: boolean;
  };
  metadata: CommandMetadata;
}

export interface IndexRates {
  type: 'IndexRates';
  data: { programme: ProgrammeCode; effectiveFrom: Month; rule: IndexationRule; retroactive?: boolean };
  metadata: CommandMetadata;
}

function assertEffectiveFrom(effectiveFrom: Month, retroactive: boolean | undefined, now: Date): void {
  if (!isMonth(effectiveFrom) || effectiveFrom < '2000-01' || effectiveFrom > addMonths(monthOf(chinaDay(now)), 24))
    throw new SubsidyError('SUBSIDY.DATE_INVALID', { effectiveFrom });
  if (effectiveFrom < monthOf(chinaDay(now)) && !retroactive)
    throw new SubsidyError('SUBSIDY.RATE_NOT_RETROACTIVE', { effectiveFrom });
}

const isFen = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) < 1e10;

function assertAmounts(amounts: Record<string, Fen>, claims?: PublishRates['data']['claims']): void {
  const keys = Object.keys(amounts);
  const badKey = keys.find((k) => !/^[a-z][a-z0-9-]*(\/[a-z][a-z0-9-]*)?$/.test(k) || !isFen(amounts[k]));
  if (badKey !== undefined || keys.length > 100)
    throw new SubsidyError('SUBSIDY.RATE_INVALID', { key: badKey ?? `${keys.length} keys` });
  if (
    claims &&
    (!Number.isInteger(claims.ratioBasisPoints) ||
      claims.ratioBasisPoints < 0 ||
      claims.ratioBasisPoints > 10_000 ||
      !isFen(claims.annualCapFen))
  )
    throw new SubsidyError('SUBSIDY.RATE_INVALID', { claims });
}

export function decidePublish(command: PublishRates, table: RateTable): RateEvent[] {
  const { data } = command;
  assertEffectiveFrom(data.effectiveFrom, data.retroactive, command.metadata.now);
  assertAmounts(data.amounts, data.claims);
  if (!Object.keys(data.amounts).length && !data.claims) throw new SubsidyError('SUBSIDY.RATE_INVALID');
  return [
    {
      type: 'RateVersionPublished',
      data: {
        programme: data.programme,
        version: table.versions.length + 1,
        effectiveFrom: data.effectiveFrom,
        amounts: { ...data.amounts },
        ...(data.claims ? { claims: { ...data.claims } } : {}),
        retroactive: data.effectiveFrom < monthOf(chinaDay(command.metadata.now)),
      },
    },
  ];
}

const toYuan = (fen: number): Fen => Math.round(fen / 100) * 100;

/** Indexation makes a new version from the one in force at its effective month. */
export function decideIndexation(command: IndexRates, table: RateTable): RateEvent[] {
  const { data } = command;
  assertEffectiveFrom(data.effectiveFrom, data.retroactive, command.metadata.now);
  const base = versionInForce(table, data.effectiveFrom);
  if (!base) throw new SubsidyError('SUBSIDY.NO_RATE', { programme: data.programme, month: data.effectiveFrom });
  const amounts: Record<string, Fen> = {};
  const rule = data.rule;
  if (rule.kind === 'annual-percent') {
    if (!Number.isFinite(rule.percent) || rule.percent < -50 || rule.percent > 100)
      throw new SubsidyError('SUBSIDY.RATE_INVALID', { percent: rule.percent });
    for (const [key, amount] of Object.entries(base.amounts)) amounts[key] = toYuan(amount * (1 + rule.percent / 100));
  } else {
    if (!isFen(rule.baseAnnualFen) || !rule.baseName?.trim())
      throw new SubsidyError('SUBSIDY.RATE_INVALID', { base: rule.baseName });
    for (const [key, amount] of Object.entries(base.amounts)) {
      const share = rule.sharesBasisPoints[key];
      if (share !== undefined && (!Number.isInteger(share) || share < 0 || share > 10_000))
        throw new SubsidyError('SUBSIDY.RATE_INVALID', { key, share });
      amounts[key] = share === undefined ? amount : toYuan((rule.baseAnnualFen * share) / 10_000 / 12);
    }
    const unknown = Object.keys(rule.sharesBasisPoints).find((k) => !(k in base.amounts));
    if (unknown) throw new SubsidyError('SUBSIDY.RATE_INVALID', { key: unknown });
  }
  return [
    {
      type: 'RateVersionPublished',
      data: {
        programme: data.programme,
        version: table.versions.length + 1,
        effectiveFrom: data.effectiveFrom,
        amounts,
        ...(base.claims ? { claims: { ...base.claims } } : {}),
        retroactive: data.effectiveFrom < monthOf(chinaDay(command.metadata.now)),
        indexation: rule,
      },
    },
  ];
}

/** All programmes' tables, as a payment run or an approval reads them. */
export type Rates = Partial<Record<ProgrammeCode, RateTable>>;
