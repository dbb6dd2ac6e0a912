import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
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
import { FILE_CLOSURE_REASONS, GUARDIAN_RELATIONS, GUARDIAN_SITUATIONS, REVERIFICATION_OUTCOMES } from '../domain';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const VILLAGE = /^3306\d{8}$/;

export class RegisterChildRequest extends DecisionFields {
  @ApiPropertyOptional({ description: 'Client-made id: a retried registration is recognised', format: 'uuid' })
  @IsOptional()
  @IsUUID('4')
  childId?: string;

  @ApiProperty({ example: '王小明' })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  @Matches(/^[\p{L}\p{M}·・. '-]+$/u, { message: 'name may contain letters, ·, spaces and hyphens only' })
  name!: string;

  @ApiPropertyOptional({ description: 'GB 11643 resident ID number (18 characters)', example: '33060220150101123X' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{17}[0-9Xx]$/, { message: 'idNumber must be 17 digits and a check character (0-9 or X)' })
  idNumber?: string;

  @ApiPropertyOptional({
    description:
      'For children without an ID number (foundlings, street children): SXR-<county>-<year>-<serial>-<check letter>',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(/^SXR-[0-9A-Z-]+$/, { message: 'registryNumber must look like SXR-330602-2026-00042-K' })
  registryNumber?: string;

  @ApiProperty({ example: '2015-01-01' })
  @Matches(DATE, { message: 'birthDate must be a date YYYY-MM-DD' })
  birthDate!: string;

  @ApiProperty({ enum: ['male', 'female'] })
  @IsIn(['male', 'female'])
  sex!: 'male' | 'female';

  @ApiProperty({ description: 'GB/T 2260 code of the household registration place', example: '330602' })
  @Matches(/^[1-9][0-9]{5}$/, { message: 'householdRegistrationRegion must be a 6-digit region code' })
  householdRegistrationRegion!: string;

  @ApiProperty({ description: '12-digit code of the village or community of residence', example: '330602001001' })
  @Matches(VILLAGE, { message: 'villageCode must be a 12-digit Shaoxing village code' })
  villageCode!: string;

  @ApiPropertyOptional({ example: '塔山街道某小区3幢' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(PLAIN_TEXT, { message: 'address must be plain text' })
  address?: string;

  @ApiPropertyOptional({ description: 'Likely matches checked and found to be other children', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  confirmedNotDuplicateOf?: string[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  foundInCampaign?: string;
}

export class RecordGuardianRequest extends DecisionFields {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  guardianId?: string;

  @ApiProperty({ enum: Object.keys(GUARDIAN_RELATIONS) })
  @IsIn(Object.keys(GUARDIAN_RELATIONS))
  relation!: string;

  @ApiProperty({ enum: Object.keys(GUARDIAN_SITUATIONS), isArray: true })
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(Object.keys(GUARDIAN_SITUATIONS), { each: true })
  situations!: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(50)
  @Matches(PLAIN_TEXT, { message: 'guardianName must be plain text' })
  guardianName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[0-9+ -]{5,20}$/, { message: 'phone must be a phone number' })
  phone?: string;
}

export class UpdateGuardianSituationRequest extends DecisionFields {
  @ApiProperty({ enum: Object.keys(GUARDIAN_SITUATIONS), isArray: true })
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(Object.keys(GUARDIAN_SITUATIONS), { each: true })
  situations!: string[];

  @ApiProperty({ example: '2026-01-01' })
  @Matches(DATE, { message: 'since must be a date YYYY-MM-DD' })
  since!: string;
}

export class ChangeResidenceRequest extends DecisionFields {
  @ApiProperty({ example: '330681001001' })
  @Matches(VILLAGE, { message: 'villageCode must be a 12-digit Shaoxing village code' })
  villageCode!: string;

  @ApiProperty({ example: '2026-05-01' })
  @Matches(DATE, { message: 'movedOn must be a date YYYY-MM-DD' })
  movedOn!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(PLAIN_TEXT, { message: 'address must be plain text' })
  address?: string;
}

export class DecisionOnlyRequest extends DecisionFields {}

export class RecordDeathRequest extends DecisionFields {
  @ApiProperty({ example: '2026-05-01' })
  @Matches(DATE, { message: 'diedOn must be a date YYYY-MM-DD' })
  diedOn!: string;
}

export class CloseFileRequest extends DecisionFields {
  @ApiProperty({ enum: Object.keys(FILE_CLOSURE_REASONS) })
  @IsIn(Object.keys(FILE_CLOSURE_REASONS))
  reasonCode!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Matches(PLAIN_TEXT, { message: 'note must be plain text' })
  note?: string;
}

export class EvidenceItem {
  @ApiProperty({ example: 'death-certificate' })
  @Matches(/^[a-z][a-z0-9-]{1,40}$/, { message: 'kind must be an evidence kind code' })
  kind!: string;

  @ApiProperty({ description: 'Reference to the scanned document in the document store', example: 'doc-2026-000123' })
  @Matches(/^[A-Za-z0-9._:/-]{1,100}$/, { message: 'documentRef must be a document reference' })
  documentRef!: string;
}

export class ProposeClassificationRequest extends DecisionFields {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  proposalId?: string;

  @ApiProperty({ example: 'orphan' })
  @Matches(/^[a-z][a-z0-9-]{1,40}$/, { message: 'tierCode must be a tier code such as orphan' })
  tierCode!: string;

  @ApiProperty({ type: [EvidenceItem] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => EvidenceItem)
  evidence!: EvidenceItem[];
}

export class ReviewClassificationRequest extends DecisionFields {
  @ApiProperty({ enum: ['forward', 'return'] })
  @IsIn(['forward', 'return'])
  outcome!: 'forward' | 'return';
}

export class DecideClassificationRequest extends DecisionFields {
  @ApiProperty({ enum: ['approve', 'refuse'] })
  @IsIn(['approve', 'refuse'])
  outcome!: 'approve' | 'refuse';

  @ApiPropertyOptional({ description: 'Required to approve', example: '2026-06-01' })
  @IsOptional()
  @Matches(DATE, { message: 'effectiveFrom must be a date YYYY-MM-DD' })
  effectiveFrom?: string;
}

export class RecordReverificationRequest extends DecisionFields {
  @ApiProperty({ enum: Object.keys(REVERIFICATION_OUTCOMES) })
  @IsIn(Object.keys(REVERIFICATION_OUTCOMES))
  outcome!: string;

  @ApiPropertyOptional({ example: '2027-06-01' })
  @IsOptional()
  @Matches(DATE, { message: 'nextDueOn must be a date YYYY-MM-DD' })
  nextDueOn?: string;

  @ApiProperty({ description: 'What the visit found (stored encrypted)' })
  @IsString()
  @MaxLength(2000)
  @Matches(PLAIN_TEXT, { message: 'findings must be plain text' })
  findings!: string;
}

export class MergeFilesRequest extends DecisionFields {
  @ApiProperty({ format: 'uuid', description: 'The file that stays; this one becomes read-only' })
  @IsUUID('all')
  survivorId!: string;
}

export class ListChildrenQuery {
  @ApiPropertyOptional({ description: 'A place within your jurisdiction (6, 9 or 12 digits)', example: '330602' })
  @IsOptional()
  @Matches(/^3306(\d{2}|\d{5}|\d{8})?$/, { message: 'jurisdiction must be a Shaoxing place code' })
  jurisdiction?: string;

  @ApiPropertyOptional({ example: 'orphan' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{1,40}$/, { message: 'tier must be a tier code' })
  tier?: string;

  @ApiPropertyOptional({ enum: ['active', 'closed', 'deceased', 'aged_out', 'merged'] })
  @IsOptional()
  @IsIn(['active', 'closed', 'deceased', 'aged_out', 'merged'])
  status?: string;

  @ApiPropertyOptional({ description: 'Find by exact name (matched through a keyed hash)' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  @Matches(/^[\p{L}\p{M}·・. '-]+$/u, { message: 'name may contain letters only' })
  name?: string;

  @ApiPropertyOptional({ description: 'Find by resident ID number (matched through a keyed hash)' })
  @IsOptional()
  @Matches(/^[0-9]{17}[0-9Xx]$/, { message: 'idNumber must be 17 digits and a check character' })
  idNumber?: string;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}

export { ReadPurpose } from '@app/platform';
