import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { DecisionFields, PLAIN_TEXT } from '@app/platform';
import { CARE_SETTINGS, COVERED_DISEASES, PROGRAMMES } from '../domain';

export { DecisionFields, ReadPurpose } from '@app/platform';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const COUNTY = /^3306\d{2}$/;
const PROGRAMME_CODES = Object.keys(PROGRAMMES);
const MAX_FEN = 10_000_000_000; // 100 million yuan: no single amount is larger

export class SubmitApplicationRequest extends DecisionFields {
  @ApiPropertyOptional({ description: 'Client-made id: a retried submission is recognised', format: 'uuid' })
  @IsOptional()
  @IsUUID('4')
  applicationId?: string;

  @ApiProperty({ enum: PROGRAMME_CODES, example: 'basic-living' })
  @IsIn(PROGRAMME_CODES)
  programme!: string;

  @ApiProperty({ enum: CARE_SETTINGS, description: 'institution (机构养育) or scattered (社会散居)' })
  @IsIn(CARE_SETTINGS)
  careSetting!: 'institution' | 'scattered';

  @ApiPropertyOptional({
    description: 'Pay from this day (default: today); at most a year back',
    example: '2026-11-01',
  })
  @IsOptional()
  @Matches(DATE, { message: 'requestedFrom must be a date YYYY-MM-DD' })
  requestedFrom?: string;
}

export class ReviewRequest extends DecisionFields {
  @ApiProperty({ description: 'true: forward to the county; false: reject / 同意上报或退回' })
  @IsBoolean()
  forward!: boolean;
}

export class DecideApplicationRequest extends DecisionFields {
  @ApiProperty({ description: 'approve or reject / 批准或不予批准' })
  @IsBoolean()
  approve!: boolean;

  @ApiPropertyOptional({ description: 'Start of the entitlement if not the requested day', example: '2026-11-01' })
  @IsOptional()
  @Matches(DATE, { message: 'startsOn must be a date YYYY-MM-DD' })
  startsOn?: string;
}

export class DecideClaimRequest extends DecisionFields {
  @ApiProperty()
  @IsBoolean()
  approve!: boolean;
}

export class SubmitClaimRequest extends DecisionFields {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4')
  claimId?: string;

  @ApiProperty({ enum: PROGRAMME_CODES, example: 'major-illness' })
  @IsIn(PROGRAMME_CODES)
  programme!: string;

  @ApiPropertyOptional({ enum: COVERED_DISEASES, description: 'required for major-illness' })
  @IsOptional()
  @IsIn(COVERED_DISEASES)
  disease?: (typeof COVERED_DISEASES)[number];

  @ApiProperty({ example: '2026-10-08' })
  @Matches(DATE, { message: 'serviceDate must be a date YYYY-MM-DD' })
  serviceDate!: string;

  @ApiProperty({ description: 'Total of the bills, in fen (分)', example: 5_000_000 })
  @IsInt()
  @Min(1)
  @Max(MAX_FEN)
  billFen!: number;

  @ApiProperty({ description: 'Part paid by medical insurance, in fen', example: 3_000_000 })
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  insurancePaidFen!: number;

  @ApiProperty({
    description: 'Diagnosis as written by the hospital (stored encrypted)',
    example: '急性淋巴细胞白血病',
  })
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  @Matches(PLAIN_TEXT, { message: 'diagnosis must be plain text' })
  diagnosis!: string;

  @ApiProperty({ description: 'Hospital (stored encrypted)', example: '绍兴市人民医院' })
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  @Matches(PLAIN_TEXT, { message: 'hospital must be plain text' })
  hospital!: string;
}

export class ClaimsRate {
  @ApiProperty({ description: 'Share of the out-of-pocket cost, in basis points (7000 = 70%)' })
  @IsInt()
  @Min(0)
  @Max(10_000)
  ratioBasisPoints!: number;

  @ApiProperty({ description: 'Yearly cap per child, in fen' })
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  annualCapFen!: number;
}

export class PublishRatesRequest extends DecisionFields {
  @ApiProperty({ example: '2027-01' })
  @Matches(MONTH, { message: 'effectiveFrom must be a month YYYY-MM' })
  effectiveFrom!: string;

  @ApiProperty({ description: 'Monthly amounts in fen by rate key', example: { 'orphan/scattered': 220000 } })
  @IsObject()
  amounts!: Record<string, number>;

  @ApiPropertyOptional({ type: ClaimsRate })
  @IsOptional()
  @ValidateNested()
  @Type(() => ClaimsRate)
  claims?: ClaimsRate;

  @ApiPropertyOptional({ description: 'Required when effectiveFrom is before the current month (追溯调整)' })
  @IsOptional()
  @IsBoolean()
  retroactive?: boolean;
}

export class IndexRatesRequest extends DecisionFields {
  @ApiProperty({ example: '2027-01' })
  @Matches(MONTH, { message: 'effectiveFrom must be a month YYYY-MM' })
  effectiveFrom!: string;

  @ApiProperty({ enum: ['annual-percent', 'share-of-base'] })
  @IsIn(['annual-percent', 'share-of-base'])
  kind!: 'annual-percent' | 'share-of-base';

  @ApiPropertyOptional({ description: 'annual-percent: e.g. 5 for +5%' })
  @IsOptional()
  @Type(() => Number)
  @Min(-50)
  @Max(100)
  percent?: number;

  @ApiPropertyOptional({ example: '2025年绍兴市城镇居民人均消费支出' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(PLAIN_TEXT, { message: 'baseName must be plain text' })
  baseName?: string;

  @ApiPropertyOptional({ description: 'share-of-base: the yearly base figure in fen' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_FEN)
  baseAnnualFen?: number;

  @ApiPropertyOptional({ description: 'share-of-base: basis points of the base (per year, paid monthly) by rate key' })
  @IsOptional()
  @IsObject()
  sharesBasisPoints?: Record<string, number>;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  retroactive?: boolean;
}

export class OpenPayRunRequest extends DecisionFields {
  @ApiProperty({ example: '330602' })
  @Matches(COUNTY, { message: 'county must be a Shaoxing county code (3306xx)' })
  county!: string;

  @ApiProperty({ example: '2026-11' })
  @Matches(MONTH, { message: 'month must be YYYY-MM' })
  month!: string;
}

export class ApprovePayRunRequest extends DecisionFields {
  @ApiProperty({ description: 'Number of payments, as shown in the control totals' })
  @IsInt()
  @Min(0)
  count!: number;

  @ApiProperty({ description: 'Sum in fen, as shown in the control totals' })
  @IsInt()
  @Min(0)
  amountFen!: number;
}

export class PayRunPath {
  @Matches(COUNTY, { message: 'county must be a Shaoxing county code (3306xx)' })
  county!: string;

  @Matches(MONTH, { message: 'month must be YYYY-MM' })
  month!: string;
}

export class CountyQuery {
  @ApiPropertyOptional({ example: '330602' })
  @IsOptional()
  @Matches(COUNTY, { message: 'county must be a Shaoxing county code (3306xx)' })
  county?: string;

  @ApiPropertyOptional({ example: '2026-01' })
  @IsOptional()
  @Matches(MONTH, { message: 'from must be YYYY-MM' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12' })
  @IsOptional()
  @Matches(MONTH, { message: 'to must be YYYY-MM' })
  to?: string;
}
