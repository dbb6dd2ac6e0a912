import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { AccessPolicy, Allow, CurrentPrincipal, decisionBy, Principal, Role } from '@app/auth';
import { EventStore, WrongExpectedVersion } from '@app/event-store';
import { InjectEventStore } from '@app/event-store/nest';
import { VersionConflict } from '@app/platform';
import {
  Campaign,
  campaignFromEvents,
  campaignProgress,
  census,
  CensusCommand,
  CensusEvent,
  censusStream,
  CommandMetadata,
  RegistryError,
} from '../domain';
import { answeringRefusals } from '../children/registry-http-error';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PLANNERS: Role[] = ['county-centre', 'city-bureau'];

export class PlanCampaignRequest {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') campaignId?: string;
  @ApiProperty({ example: '2026年越城区困境儿童普查' })
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  @Matches(/^[^<>]*$/)
  title!: string;
  @ApiProperty({ example: '330602' })
  @Matches(/^3306(\d{2}|\d{5})?$/, { message: 'jurisdiction must be a Shaoxing city, county or township code' })
  jurisdiction!: string;
  @ApiProperty({ example: '2026-12-01' }) @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' }) from!: string;
  @ApiProperty({ example: '2027-02-28' }) @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' }) to!: string;
  @ApiProperty({ type: [String], example: ['330602001001'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @Matches(/^3306\d{8}$/, { each: true, message: 'villageCodes must be 12-digit village codes' })
  villageCodes!: string[];
  @ApiProperty() @IsString() @MinLength(2) @MaxLength(500) reason!: string;
}

export class RecordVisitRequest {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') visitId?: string;
  @ApiProperty({ example: '330602001001' })
  @Matches(/^3306\d{8}$/, { message: 'villageCode must be a 12-digit village code' })
  villageCode!: string;
  @ApiProperty({ example: '2026-12-05' })
  @Matches(DATE, { message: 'visitedOn must be a date YYYY-MM-DD' })
  visitedOn!: string;
  @ApiProperty() @IsInt() @Min(0) @Max(100000) householdsVisited!: number;
  @ApiProperty() @IsInt() @Min(0) @Max(100000) childrenFound!: number;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(1000) @IsUUID('all', { each: true }) filesOpened!: string[];
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  alreadyKnown!: string[];
  @ApiProperty() @IsString() @MinLength(2) @MaxLength(500) reason!: string;
}

export class CloseCampaignRequest {
  @ApiProperty() @IsString() @MinLength(2) @MaxLength(500) reason!: string;
}

/** Census campaigns (普查): plan over a jurisdiction and period, record visits by village, follow progress. */
@ApiTags('census')
@Controller('v1/census-campaigns')
export class CensusController {
  constructor(
    @InjectEventStore() private readonly store: EventStore,
    private readonly access: AccessPolicy,
  ) {}

  @Post()
  @Allow(...PLANNERS)
  @ApiOperation({ summary: 'Plan a census campaign / 计划普查' })
  async plan(@Body() body: PlanCampaignRequest, @CurrentPrincipal() p: Principal) {
    this.access.assertWithin(p, body.jurisdiction, 'census.plan');
    const campaignId = body.campaignId ?? randomUUID();
    await this.execute(campaignId, p, PLANNERS, body.reason, (metadata) => ({
      type: 'PlanCampaign',
      data: {
        campaignId,
        title: body.title,
        jurisdiction: body.jurisdiction,
        period: { from: body.from, to: body.to },
        villageCodes: body.villageCodes,
      },
      metadata,
    }));
    return { campaignId };
  }

  @Post(':campaignId/visits')
  @Allow('village-officer', 'township-supervisor')
  @ApiOperation({ summary: 'Record a village visit / 记录入户走访' })
  @HttpCode(200)
  async visit(
    @Param('campaignId', new ParseUUIDPipe()) campaignId: string,
    @Body() body: RecordVisitRequest,
    @CurrentPrincipal() p: Principal,
  ) {
    this.access.assertWithin(p, body.villageCode, 'census.visit', campaignId);
    await this.execute(campaignId, p, ['village-officer', 'township-supervisor'], body.reason, (metadata) => ({
      type: 'RecordVisit',
      data: {
        visitId: body.visitId ?? randomUUID(),
        villageCode: body.villageCode,
        visitedOn: body.visitedOn,
        householdsVisited: body.householdsVisited,
        childrenFound: body.childrenFound,
        filesOpened: body.filesOpened,
        alreadyKnown: body.alreadyKnown,
      },
      metadata,
    }));
    return { campaignId };
  }

  @Post(':campaignId/close')
  @Allow(...PLANNERS)
  @HttpCode(200)
  async close(
    @Param('campaignId', new ParseUUIDPipe()) campaignId: string,
    @Body() body: CloseCampaignRequest,
    @CurrentPrincipal() p: Principal,
  ) {
    const campaign = await this.load(campaignId);
    if (campaign.status !== 'unplanned') this.access.assertWithin(p, campaign.jurisdiction, 'census.close', campaignId);
    await this.execute(campaignId, p, PLANNERS, body.reason, (metadata) => ({
      type: 'CloseCampaign',
      data: { reason: body.reason },
      metadata,
    }));
    return { campaignId };
  }

  @Get(':campaignId/progress')
  @Allow('village-officer', 'township-supervisor', 'county-centre', 'city-bureau', 'regulator')
  @ApiOperation({ summary: 'Progress by village, township and county / 普查进度' })
  async progress(@Param('campaignId', new ParseUUIDPipe()) campaignId: string, @CurrentPrincipal() p: Principal) {
    const campaign = await this.load(campaignId);
    if (campaign.status === 'unplanned') throw new RegistryError('REGISTRY.NOT_FOUND', { campaignId });
    // Anyone whose place lies in the campaign, or whose subtree holds it, may follow it.
    if (!campaign.jurisdiction.startsWith(p.jurisdiction.slice(0, campaign.jurisdiction.length))) {
      this.access.assertWithin(p, campaign.jurisdiction, 'census.progress', campaignId);
    }
    return {
      campaignId,
      title: campaign.title,
      status: campaign.status,
      period: campaign.period,
      progress: campaignProgress(campaign),
    };
  }

  private async load(campaignId: string): Promise<Campaign> {
    const events = await this.store.readStream(censusStream(campaignId));
    return campaignFromEvents(events.map((e) => ({ type: e.type, data: e.data }) as CensusEvent));
  }

  private async execute(
    campaignId: string,
    p: Principal,
    allowed: Role[],
    reason: string,
    build: (m: CommandMetadata) => CensusCommand,
  ) {
    return answeringRefusals(async () => {
      const events = await this.store.readStream(censusStream(campaignId));
      const state = campaignFromEvents(events.map((e) => ({ type: e.type, data: e.data }) as CensusEvent));
      const command = build({
        decision: decisionBy(p, allowed, { reason, policy: '绍政办发〔2013〕66号' }),
        now: new Date(),
      });
      const decided = census.decide(command, state);
      if (!decided.length) return;
      const id = randomUUID();
      try {
        await this.store.append(
          censusStream(campaignId),
          decided.map((e) => ({
            id: randomUUID(),
            type: e.type,
            schemaVersion: 1,
            data: e.data,
            occurredAt: command.metadata.now,
            metadata: { correlationId: id, causationId: id, decision: command.metadata.decision },
          })),
          events.length ? events[events.length - 1].revision : 'no_stream',
        );
      } catch (error) {
        if (error instanceof WrongExpectedVersion) throw new VersionConflict({ actual: error.actual }, error);
        throw error;
      }
    });
  }
}
