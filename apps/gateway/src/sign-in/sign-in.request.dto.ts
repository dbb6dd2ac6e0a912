import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class SignInRequest {
  @ApiProperty({ example: 'village.yuecheng', maxLength: 64 })
  @IsString()
  @Length(1, 64)
  username!: string;

  @ApiProperty({ example: 'Welfare#2026', maxLength: 256, format: 'password' })
  @IsString()
  @Length(1, 256)
  password!: string;
}
