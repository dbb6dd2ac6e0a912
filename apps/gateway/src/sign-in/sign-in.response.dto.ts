import { ApiProperty } from '@nestjs/swagger';

export class SignInResponse {
  @ApiProperty({ description: 'A JWT (EdDSA); send it as `Authorization: Bearer <access_token>` to every service.' })
  access_token!: string;

  @ApiProperty({ enum: ['Bearer'] })
  token_type!: 'Bearer';

  @ApiProperty({ description: 'Seconds until the token expires.', example: 3600 })
  expires_in!: number;
}
