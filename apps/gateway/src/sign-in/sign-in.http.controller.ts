import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { ApiErrors } from '@app/platform';
import { SignInRequest } from './sign-in.request.dto';
import { SignInResponse } from './sign-in.response.dto';
import { SignInService } from './sign-in.service';

@ApiTags('auth')
@Controller('v1/auth')
export class SignInController {
  constructor(private readonly signIns: SignInService) {}

  @Public()
  @Post('sign-in')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Sign in with user name and password; answers an access token.',
    description:
      'Wrong name, wrong password and disabled user get the same 401 AUTH.INVALID_CREDENTIALS. ' +
      'Five failures under one name within 15 minutes lock it for 15 minutes (429 AUTH.TOO_MANY_ATTEMPTS).',
  })
  @ApiOkResponse({ type: SignInResponse })
  @ApiErrors(400, 401, 429)
  async signIn(@Body() request: SignInRequest): Promise<SignInResponse> {
    const token = await this.signIns.signIn(request.username, request.password);
    return { access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresIn };
  }
}
