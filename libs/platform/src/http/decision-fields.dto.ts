import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

/** Printable text without control characters or angle brackets (no markup in files). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const PLAIN_TEXT = /^[^\u0000-\u001f\u007f<>]*$/u;

/** What every command body carries for its decision record: why, and under which policy. */
export class DecisionFields {
  @ApiProperty({ description: 'Why (recorded in the decision record) / 理由', example: '入户走访发现，父母双亡' })
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  @Matches(PLAIN_TEXT, { message: 'reason must be plain text' })
  reason!: string;

  @ApiPropertyOptional({ description: 'Policy applied / 依据政策', example: '浙民儿〔2014〕87号' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(PLAIN_TEXT, { message: 'policy must be plain text' })
  policy?: string;
}

/** Reads of a child's records state their purpose, which is recorded with the read. */
export class ReadPurpose {
  @ApiProperty({ description: 'Why you open this record (recorded) / 查阅目的', example: '入户走访前核对信息' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  @Matches(PLAIN_TEXT, { message: 'purpose must be plain text' })
  purpose!: string;
}
