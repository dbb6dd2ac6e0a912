/** Amounts are integer fen (分, 1/100 yuan): no floating-point money anywhere. */
export type Fen = number;

/** `amount × numerator / denominator`, rounded half up to the fen. */
export function prorate(amount: Fen, numerator: number, denominator: number): Fen {
  return Math.floor((amount * numerator) / denominator + 0.5);
}

/** '1,234.50' — yuan with two decimals, for people. */
export function formatYuan(amount: Fen): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** '1234.50' — yuan with two decimals and no grouping, for bank files. */
export function plainYuan(amount: Fen): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Parses '1234.5' / '1234.50' yuan into fen; undefined when it is not a plain amount. */
export function parseYuan(text: string): Fen | undefined {
  const match = /^(-?)(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return undefined;
  const fen = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -fen : fen;
}
