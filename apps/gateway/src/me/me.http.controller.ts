import { Controller, Get, Headers } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AGENCIES,
  Authenticated,
  CurrentPrincipal,
  isAgency,
  levelOf,
  Principal,
  roleLabel,
  SHAOXING,
} from '@app/auth';
import { pickLanguage } from '@app/platform';
import { MeResponse } from './me.response.dto';

@ApiTags('auth')
@Controller('v1/auth')
export class MeController {
  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'Who the bearer token says you are: roles, agency and place.' })
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentPrincipal() principal: Principal, @Headers('accept-language') acceptLanguage?: string): MeResponse {
    const language = pickLanguage(acceptLanguage);
    return {
      sub: principal.sub,
      username: principal.username,
      name: principal.name,
      roles: principal.roles.map((code) => ({ code, label: roleLabel(code, language) })),
      agency: {
        code: principal.agency,
        label: isAgency(principal.agency) ? AGENCIES[principal.agency][language] : principal.agency,
      },
      jurisdiction: {
        code: principal.jurisdiction,
        level: levelOf(principal.jurisdiction)!,
        name: SHAOXING.fullName(principal.jurisdiction, language),
      },
      expiresAt: new Date(principal.expiresAt * 1000).toISOString(),
    };
  }
}
