import { accountsProjection } from './read-models/accounts.projection';
import { payRunsProjection } from './read-models/payruns.projection';

/** The subsidies service's read models, found by `npm run rebuild`. */
export const projections = [accountsProjection, payRunsProjection];
