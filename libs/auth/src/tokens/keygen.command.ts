import { generateKeyPair } from './keys';

/**
 * Prints a new Ed25519 key pair for the gateway:
 *   node dist/libs/auth/src/tokens/keygen.command.js          AUTH_SIGNING_KEY=<base64 DER> and AUTH_PUBLIC_KEYS=<JWKS>
 *   node dist/libs/auth/src/tokens/keygen.command.js --pem    the private key as PEM (for a key file)
 * The private key is secret: put it where only the gateway reads it (e.g. `AUTH_SIGNING_KEY=… docker compose up`).
 */
function main(args: string[]): void {
  const pair = generateKeyPair();
  if (args.includes('--pem')) {
    process.stdout.write(pair.privateKeyPem);
    return;
  }
  process.stdout.write(`# key id ${pair.kid}\n`);
  process.stdout.write(`AUTH_SIGNING_KEY=${pair.privateKeyBase64}\n`);
  process.stdout.write(`AUTH_PUBLIC_KEYS=${pair.publicJwks}\n`);
}

main(process.argv.slice(2));
