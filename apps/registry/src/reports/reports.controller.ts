import { Controller, Get, Query } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { Model } from 'mongoose';
import { AccessPolicy, Allow, CurrentPrincipal, placeName, Principal } from '@app/auth';
import { CHILD_FILES } from '../children/child-files.projection';

export class ReportQuery {
  @ApiPropertyOptional({ example: '330600' })
  @IsOptional()
  @Matches(/^3306(\d{2}|\d{5}|\d{8})?$/, { message: 'jurisdiction must be a Shaoxing place code' })
  jurisdiction?: string;
}

/** The leading group's report (领导小组): children with an open file by county and protection tier. */
@ApiTags('reports')
@Controller('v1/reports')
export class ReportsController {
  constructor(
    private readonly access: AccessPolicy,
    @InjectModel(CHILD_FILES)
    private readonly files: Model<{ county: string; tier: string; status: string; village: string }>,
  ) {}

  @Get('children-by-county-and-tier')
  @Allow('county-centre', 'city-bureau', 'regulator')
  @ApiOperation({ summary: 'Open files by county × tier / 各县（市、区）分类保障儿童数' })
  async byCountyAndTier(@Query() query: ReportQuery, @CurrentPrincipal() principal: Principal) {
    const scope = this.access.scopeWithin(principal, query.jurisdiction, 'report.children-by-county-and-tier');
    // One accumulator per $group: FerretDB 1.24 computes only the first (README, Findings).
    const rows = await this.files.aggregate<{ _id: { county: string; tier: string }; children: number }>([
      { $match: { status: 'active', village: { $regex: `^${scope.prefix}` } } },
      { $group: { _id: { county: '$county', tier: '$tier' }, children: { $sum: 1 } } },
    ]);
    const counties = new Map<string, { county: string; name: string; tiers: Record<string, number>; total: number }>();
    for (const { _id, children } of rows) {
      const entry = counties.get(_id.county) ?? {
        county: _id.county,
        name: placeName(_id.county) ?? _id.county,
        tiers: {},
        total: 0,
      };
      entry.tiers[_id.tier] = children;
      entry.total += children;
      counties.set(_id.county, entry);
    }
    return {
      jurisdiction: scope.jurisdiction,
      counties: [...counties.values()].sort((a, b) => a.county.localeCompare(b.county)),
    };
  }
}
