import { childFilesProjection } from './children/child-files.projection';

/** The registry's read models, found by `npm run rebuild`. */
export const projections = [childFilesProjection];
