import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LabelledCode {
  @ApiProperty({ example: 'village-officer' })
  code!: string;

  @ApiProperty({ example: '村（社区）儿童福利督导员', description: 'In the language of Accept-Language.' })
  label!: string;
}

export class PlaceView {
  @ApiProperty({ example: '330602001001' })
  code!: string;

  @ApiProperty({ enum: ['city', 'county', 'township', 'village'] })
  level!: string;

  @ApiPropertyOptional({ example: '绍兴市越城区塔山街道塔山社区' })
  name?: string;
}

export class MeResponse {
  @ApiProperty({ description: 'User id (the `sub` claim).' })
  sub!: string;

  @ApiProperty({ example: 'village.yuecheng' })
  username!: string;

  @ApiProperty({ example: '王芳' })
  name!: string;

  @ApiProperty({ type: [LabelledCode] })
  roles!: LabelledCode[];

  @ApiProperty({ type: LabelledCode })
  agency!: LabelledCode;

  @ApiProperty({ type: PlaceView, description: 'Everything this user does is confined to this subtree.' })
  jurisdiction!: PlaceView;

  @ApiProperty({ example: '2026-03-01T10:00:00.000Z' })
  expiresAt!: string;
}
