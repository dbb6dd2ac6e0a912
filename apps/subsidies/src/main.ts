import { runService } from '@app/platform';

// The module is loaded only after the configuration has been checked, so a bad setting is one line.
void runService('subsidies', async () => (await import('./subsidies.module.js')).SubsidiesModule);
