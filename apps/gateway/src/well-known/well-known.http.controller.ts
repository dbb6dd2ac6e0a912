import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AUTH_SETTINGS, AuthSettings, Ed25519Jwk, Public, TokenIssuer } from '@app/auth';

/** Where services (and anyone else) find the keys that verify the gateway's tokens. */
@ApiTags('auth')
@Public()
@Controller('.well-known')
export class WellKnownController {
  constructor(
    private readonly issuer: TokenIssuer,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'The public keys (JWKS, Ed25519) that verify access tokens.' })
  @ApiOkResponse({
    schema: { example: { keys: [{ kty: 'OKP', crv: 'Ed25519', x: '…', kid: '…', alg: 'EdDSA', use: 'sig' }] } },
  })
  jwks(): { keys: Ed25519Jwk[] } {
    return this.issuer.jwks();
  }

  @Get('openid-configuration')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'Issuer metadata (the parts of OpenID Connect Discovery that apply).' })
  openidConfiguration(): Record<string, unknown> {
    const issuer = this.settings.issuer.replace(/\/$/, '');
    return {
      issuer: this.settings.issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      token_endpoint_auth_methods_supported: ['none'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['EdDSA'],
      claims_supported: [
        'iss',
        'aud',
        'sub',
        'iat',
        'nbf',
        'exp',
        'jti',
        'name',
        'preferred_username',
        'roles',
        'agency',
        'jurisdiction',
      ],
      sign_in_endpoint: `${issuer}/v1/auth/sign-in`,
    };
  }
}
