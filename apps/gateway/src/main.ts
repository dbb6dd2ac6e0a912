import { runService } from '@app/platform';

// The module is loaded only after the configuration has been checked, so a bad setting is one line.
void runService('gateway', async () => (await import('./gateway.module.js')).GatewayModule);
