/** The deployable applications of the monorepo and the HTTP port each listens on by default. */
export const SERVICES = {
  gateway: { port: 3000, title: 'Gateway', summary: 'Sign-in and one origin for the console.' },
  registry: { port: 3001, title: 'Registry', summary: "Children's files, classification and census." },
  subsidies: { port: 3002, title: 'Subsidies', summary: 'Allowances, rates, payment runs and medical claims.' },
  placement: { port: 3003, title: 'Placement', summary: 'Foster families, placements, follow-ups and adoptions.' },
  emergency: { port: 3004, title: 'Emergency', summary: 'Hotline and police reports, triage and temporary care.' },
  referrals: { port: 3005, title: 'Referrals', summary: 'Referrals to partner agencies, deadlines and outcomes.' },
} as const;

export type ServiceName = keyof typeof SERVICES;
export const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];
