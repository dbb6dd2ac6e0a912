import { DynamicModule, Module, Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ServiceName } from '@app/platform';
import { KeySource, RemoteJwksSource, StaticKeySource } from '../tokens/key-sources';
import { resolveSigningKey } from '../tokens/keys';
import { TokenIssuer } from '../tokens/token-issuer';
import { TokenVerifier } from '../tokens/token-verifier';
import { AccessPolicy } from './access-policy';
import { AccessRefusalLog } from './access-refusal-log';
import { AUTH_SETTINGS, AuthSettings, readAuthSettings } from './auth-settings';
import { AuthGuard } from './auth.guard';
import { FileReadLog } from './file-read-log';
import { AUTH_SERVICE_NAME, KEY_SOURCE } from './injection-tokens';

export interface AuthModuleOptions {
  /**
   * The gateway signs tokens: it gets a TokenIssuer (AUTH_SIGNING_KEY, or the development key) and
   * verifies with its own key instead of fetching its own JWKS over HTTP.
   */
  signing?: boolean;
}

/**
 * Sign-in checks for one service: import it next to PlatformModule in the root module.
 *
 *   @Module({ imports: [PlatformModule.forService('registry'), AuthModule.forService('registry')] })
 *
 * Every route is then closed unless it says @Public(), @Allow(…) or @Authenticated(); AccessPolicy,
 * FileReadLog and AccessRefusalLog are injectable everywhere.
 */
@Module({})
export class AuthModule {
  static forService(name: ServiceName, options: AuthModuleOptions = {}): DynamicModule {
    const providers: Provider[] = [
      { provide: AUTH_SERVICE_NAME, useValue: name },
      { provide: AUTH_SETTINGS, inject: [ConfigService], useFactory: readAuthSettings },
      options.signing
        ? {
            provide: TokenIssuer,
            inject: [AUTH_SETTINGS, ConfigService],
            useFactory: (settings: AuthSettings, config: ConfigService) =>
              new TokenIssuer(
                resolveSigningKey({ ...process.env, AUTH_SIGNING_KEY: config.get<string>('AUTH_SIGNING_KEY') }),
                { issuer: settings.issuer, audience: settings.audience, ttlSeconds: settings.ttlSeconds },
              ),
          }
        : [],
      {
        provide: KEY_SOURCE,
        inject: options.signing ? [AUTH_SETTINGS, TokenIssuer] : [AUTH_SETTINGS],
        useFactory: (settings: AuthSettings, issuer?: TokenIssuer): KeySource => {
          if (issuer) return new StaticKeySource(issuer.jwks());
          if (settings.publicKeys) return new StaticKeySource(settings.publicKeys);
          return new RemoteJwksSource(settings.jwksUrl);
        },
      },
      {
        provide: TokenVerifier,
        inject: [KEY_SOURCE, AUTH_SETTINGS],
        useFactory: (keys: KeySource, settings: AuthSettings) =>
          new TokenVerifier(keys, { issuer: settings.issuer, audience: settings.audience }),
      },
      AccessRefusalLog,
      AccessPolicy,
      FileReadLog,
      { provide: APP_GUARD, useClass: AuthGuard },
    ].flat();
    return {
      module: AuthModule,
      global: true,
      providers,
      exports: [
        AUTH_SETTINGS,
        TokenVerifier,
        AccessRefusalLog,
        AccessPolicy,
        FileReadLog,
        ...(options.signing ? [TokenIssuer] : []),
      ],
    };
  }
}
