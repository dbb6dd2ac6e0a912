import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
/** The response, for headers (ETag, Location); express's own types are not a dependency. */
interface Response {
  setHeader(name: string, value: string): unknown;
}
import {
  AccessPolicy,
  Allow,
  CurrentPrincipal,
  decisionBy,
  FileReadLog,
  isKnownPlace,
  Principal,
  Role,
} from '@app/auth';
import { EventStore } from '@app/event-store';
import { InjectEventStore } from '@app/event-store/nest';
import { etagOf, revisionFromIfMatch } from '@app/platform';
import {
  ChildFileCommand,
  childStream,
  CommandMetadata,
  countyOfVillage,
  RegisterChild,
  RegistryError,
  ZHEJIANG_DEFAULT_TIERS,
} from '../domain';
import { ChildFiles } from './child-files.service';
import { ChildIndex } from './child-index';
import {
  ChangeResidenceRequest,
  CloseFileRequest,
  DecideClassificationRequest,
  DecisionOnlyRequest,
  ListChildrenQuery,
  MergeFilesRequest,
  ProposeClassificationRequest,
  ReadPurpose,
  RecordDeathRequest,
  RecordGuardianRequest,
  RecordReverificationRequest,
  RegisterChildRequest,
  ReviewClassificationRequest,
  UpdateGuardianSituationRequest,
} from './children.dto';
import { answeringRefusals, toHttpError } from './registry-http-error';

const CIVIL_AFFAIRS: Role[] = [
  'village-officer',
  'township-supervisor',
  'county-centre',
  'city-bureau',
  'welfare-home-staff',
];
const READERS: Role[] = [...CIVIL_AFFAIRS, 'regulator'];
const FIELD_WORK: Role[] = ['village-officer', 'township-supervisor', 'county-centre'];
const DEFAULT_POLICY = '浙民儿〔2014〕87号';

/** A village of the jurisdiction tree; a well-formed code that names no village is refused. */
function assertKnownVillage(code: string): void {
  if (!isKnownPlace(code)) throw toHttpError(new RegistryError('REGISTRY.PLACE_INVALID', { villageCode: code }));
}

@ApiTags('children')
@Controller('v1/children')
export class ChildrenController {
  constructor(
    private readonly files: ChildFiles,
    private readonly access: AccessPolicy,
    private readonly reads: FileReadLog,
    @InjectEventStore() private readonly store: EventStore,
    private readonly index: ChildIndex,
  ) {}

  @Post()
  @Allow(...CIVIL_AFFAIRS)
  @ApiOperation({ summary: 'Open a file for a child (search before create) / 建立儿童档案' })
  async register(
    @Body() body: RegisterChildRequest,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    assertKnownVillage(body.villageCode);
    this.access.assertWithin(principal, body.villageCode, 'child.register');
    const childId = body.childId ?? randomUUID();
    const keys = {
      idNumber: body.idNumber ? this.files.lookupKey('id-number', body.idNumber) : null,
      name: this.files.lookupKey('name', body.name),
    };
    // Search before create, in the registry's PostgreSQL index (child-index.ts): one indexed query.
    const { idNumberHeldBy: holder, likelyMatches } = await this.index.duplicates({
      childId,
      idNumberKey: keys.idNumber,
      nameKey: keys.name,
      birthDate: body.birthDate,
      village: body.villageCode,
    });
    const command: RegisterChild = {
      type: 'RegisterChild',
      data: {
        childId,
        personal: { name: body.name, idNumber: body.idNumber?.toUpperCase(), address: body.address },
        registryNumber: body.registryNumber,
        birthDate: body.birthDate,
        sex: body.sex,
        householdRegistrationRegion: body.householdRegistrationRegion,
        residence: { villageCode: body.villageCode, countyCode: countyOfVillage(body.villageCode) },
        foundInCampaign: body.foundInCampaign,
        duplicateCheck: {
          // The pointer is given only when the caller may see that file.
          idNumberHeldBy: holder ? holder.childId : null,
          likelyMatches,
        },
        confirmedNotDuplicateOf: body.confirmedNotDuplicateOf,
      },
      metadata: this.metadata(principal, CIVIL_AFFAIRS, body),
    };
    const { revision } = await answeringRefusals(async () => {
      try {
        return await this.files.register(command, keys);
      } catch (error) {
        if (error instanceof RegistryError && error.code === 'REGISTRY.DUPLICATE_ID_NUMBER') {
          const existing = (error.details.existingChildId as string | undefined) ?? holder?.childId;
          const village = existing ? await this.index.villageOf(existing) : null;
          throw new RegistryError('REGISTRY.DUPLICATE_ID_NUMBER', {
            existingChildId: village && this.mayAct(principal, village) ? existing : undefined,
          });
        }
        throw error;
      }
    });
    response.setHeader('ETag', etagOf(revision));
    response.setHeader('Location', `/v1/children/${childId}`);
    return { childId, revision };
  }

  @Get()
  @Allow(...READERS)
  @ApiOperation({ summary: 'List files in your jurisdiction by place, tier and status / 档案列表' })
  async listChildren(@Query() query: ListChildrenQuery, @CurrentPrincipal() principal: Principal) {
    const scope = this.access.scopeWithin(principal, query.jurisdiction, 'child.list');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    // Served by the registry's PostgreSQL index (child-index.ts): filtered, ordered and counted with indexes.
    const { total, items } = await this.index.list({
      prefix: scope.prefix,
      tier: query.tier,
      status: query.status,
      nameKey: query.name ? this.files.lookupKey('name', query.name) : undefined,
      idNumberKey: query.idNumber ? this.files.lookupKey('id-number', query.idNumber) : undefined,
      page,
      pageSize,
    });
    return { page, pageSize, total, items };
  }

  @Get(':childId')
  @Allow(...READERS)
  @ApiOperation({ summary: "Read a child's file; the read is recorded with its purpose / 查阅档案（留痕）" })
  async read(
    @Param('childId', new ParseUUIDPipe()) childId: string,
    @Query() { purpose }: ReadPurpose,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { file, revision } = await answeringRefusals(() => this.files.loadExisting(childId));
    if (file.status === 'unregistered') throw new RegistryError('REGISTRY.NOT_FOUND');
    this.access.assertWithin(principal, file.residenceVillage, 'child.read', childId);
    await this.reads.record(principal, { fileId: childId, purpose, fileJurisdiction: file.residenceVillage });
    const events = await this.store.readStream(childStream(childId));
    const personal: Record<string, unknown> = {};
    const guardians: Record<string, unknown> = {};
    for (const event of events) {
      const data = event.data as { personal?: Record<string, unknown> | null; guardianId?: string };
      if (event.type === 'ChildRegistered' || event.type === 'ResidenceChanged')
        Object.assign(personal, data.personal ?? {});
      if (event.type === 'GuardianRecorded' && data.guardianId) guardians[data.guardianId] = data.personal ?? {};
    }
    response.setHeader('ETag', etagOf(revision));
    return {
      ...file,
      personal,
      guardians: file.guardians.map((g) => ({ ...g, personal: guardians[g.guardianId] ?? null })),
      revision,
    };
  }

  @Get(':childId/history')
  @Allow(...READERS)
  @ApiOperation({ summary: 'Every decision on the file, with who, role, place, reason and policy / 决策记录' })
  async history(
    @Param('childId', new ParseUUIDPipe()) childId: string,
    @Query() { purpose }: ReadPurpose,
    @CurrentPrincipal() principal: Principal,
  ) {
    const { file } = await answeringRefusals(() => this.files.loadExisting(childId));
    if (file.status === 'unregistered') throw new RegistryError('REGISTRY.NOT_FOUND');
    this.access.assertWithin(principal, file.residenceVillage, 'child.history', childId);
    await this.reads.record(principal, { fileId: childId, purpose, fileJurisdiction: file.residenceVillage });
    const events = await this.store.readStream(childStream(childId));
    return events.map((e) => ({
      revision: e.revision,
      type: e.type,
      occurredAt: e.occurredAt,
      decision: e.metadata.decision,
      hash: e.hash,
    }));
  }

  @Post(':childId/guardians')
  @Allow(...FIELD_WORK)
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag of the file you read' })
  @HttpCode(200)
  recordGuardian(
    @Param('childId', new ParseUUIDPipe()) id: string,
    @Body() body: RecordGuardianRequest,
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(id, p, FIELD_WORK, body, ifMatch, res, (metadata) => ({
      type: 'RecordGuardian',
      data: {
        guardianId: body.guardianId ?? randomUUID(),
        relation: body.relation as never,
        situations: body.situations as never,
        personal: { name: body.guardianName, phone: body.phone },
      },
      metadata,
    }));
  }

  @Post(':childId/guardians/:guardianId/situation')
  @Allow(...FIELD_WORK)
  @ApiHeader({ name: 'If-Match', required: true })
  @HttpCode(200)
  updateGuardian(
    @Param('childId', new ParseUUIDPipe()) id: string,
    @Param('guardianId', new ParseUUIDPipe()) guardianId: string,
    @Body() body: UpdateGuardianSituationRequest,
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(id, p, FIELD_WORK, body, ifMatch, res, (metadata) => ({
      type: 'UpdateGuardianSituation',
      data: { guardianId, situations: body.situations as never, since: body.since },
      metadata,
    }));
  }

  @Post(':childId/residence')
  @Allow(...FIELD_WORK)
  @ApiOperation({ summary: 'Record a move; a move to another county waits for that county to accept it' })
  @ApiHeader({ name: 'If-Match', required: true })
  @HttpCode(200)
  changeResidence(
    @Param('childId', new ParseUUIDPipe()) id: string,
    @Body() body: ChangeResidenceRequest,
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    assertKnownVillage(body.villageCode);
    return this.run(id, p, FIELD_WORK, body, ifMatch, res, (metadata) => ({
      type: 'ChangeResidence',
      data: {
        villageCode: body.villageCode,
        countyCode: countyOfVillage(body.villageCode),
        movedOn: body.movedOn,
        personal: body.address ? { address: body.address } : undefined,
      },
      metadata,
    }));
  }

  @Post(':childId/residence-transfer/accept')
  @Allow('county-centre')
  @ApiOperation({ summary: 'The receiving county accepts a transfer / 接收地县级确认迁入' })
  @HttpCode(200)
  acceptTransfer(
    @Param('childId', new ParseUUIDPipe()) id: string,
    @Body() body: DecisionOnlyRequest,
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(
      id,
      p,
      ['county-centre'],
      body,
      ifMatch,
      res,
      (metadata) => ({ type: 'AcceptResidenceTransfer', data: { reason: body.reason }, metadata }),
      'receiving-county',
    );
  }

  @Post(':childId/residence-transfer/decline')
  @Allow('county-centre')
  @HttpCode(200)
  declineTransfer(
    @Param('childId', new ParseUUIDPipe()) id: string,
    @Body() body: DecisionOnlyRequest,
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(
      id,
      p,
      ['county-centre'],
      body,
      ifMatch,
      res,
      (metadata) => ({ type: 'DeclineResidenceTransfer', data: { reason: body.reason }, metadata }),
      'receiving-county',
    );
  }

  @Post(':childId/death')
  @Allow(...FIELD_WORK)
  @HttpCode(200)
  recordDeath(
    @Param('childId', new ParseUUIDPipe()) id: string,
    @Body() body: RecordDeathRequest,
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(id, p, FIELD_WORK, body, ifMatch, res, (metadata) => ({
      type: 'RecordDeath',
      data: { diedOn: body.diedOn },
      metadata,
    }));
  }

  @Post(':childId/closure')
  @Allow('township-supervisor', 'county-centre')
  @HttpCode(200)
  close(
    @Param('childId', new ParseUUIDPipe()) id: string,
    @Body() body: CloseFileRequest,
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(id, p, ['township-supervisor', 'county-centre'], body, ifMatch, res, (metadata) => ({
      type: 'CloseFile',
      data: { reasonCode: body.reasonCode as never, note: body.note },
      metadata,
    }));
  }

  @Post(':childId/classification/proposals')
  @Allow('village-officer')
  @ApiOperation({ summary: 'Village proposes a protection tier with evidence / 村级提出分类' })
  @HttpCode(200)
  propose(
    @Param('childId', new ParseUUIDPipe()) id: string,
    @Body() body: ProposeClassificationRequest,
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const proposalId = body.proposalId ?? randomUUID();
    return this.run(
      id,
      p,
      ['village-officer'],
      body,
      ifMatch,
      res,
      (metadata) => ({
        type: 'ProposeClassification',
        data: {
          proposalId,
          tierCode: body.tierCode,
          evidence: body.evidence as never,
          reason: body.reason,
          policyTable: ZHEJIANG_DEFAULT_TIERS,
        },
        metadata,
      }),
      undefined,
      { proposalId },
    );
  }

  @Post(':childId/classification/proposals/:proposalId/review')
  @Allow('township-supervisor')
  @ApiOperation({ summary: 'Township forwards or returns the proposal / 乡镇审核' })
  @HttpCode(200)
  review(
    @Param('childId', new ParseUUIDPipe()) id: string,
    @Param('proposalId', new ParseUUIDPipe()) proposalId: string,
    @Body() body: ReviewClassificationRequest,
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(id, p, ['township-supervisor'], body, ifMatch, res, (metadata) => ({
      type: 'ReviewClassification',
      data: { proposalId, outcome: body.outcome, reason: body.reason },
      metadata,
    }));
  }

  @Post(':childId/classification/proposals/:proposalId/decision')
  @Allow('county-centre')
  @ApiOperation({ summary: 'County approves or refuses; the proposer may not approve / 县级审批' })
  @HttpCode(200)
  decideClassification(
    @Param('childId', new ParseUUIDPipe()) id: string,
    @Param('proposalId', new ParseUUIDPipe()) proposalId: string,
    @Body() body: DecideClassificationRequest,
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(id, p, ['county-centre'], body, ifMatch, res, (metadata) => {
      if (body.outcome === 'refuse') {
        return { type: 'DecideClassification', data: { proposalId, outcome: 'refuse', reason: body.reason }, metadata };
      }
      if (!body.effectiveFrom) throw new RegistryError('REGISTRY.DATE_INVALID', { field: 'effectiveFrom' });
      return {
        type: 'DecideClassification',
        data: {
          proposalId,
          outcome: 'approve',
          reason: body.reason,
          effectiveFrom: body.effectiveFrom,
          policyTable: ZHEJIANG_DEFAULT_TIERS,
        },
        metadata,
      };
    });
  }

  @Post(':childId/reverifications')
  @Allow('village-officer', 'township-supervisor')
  @HttpCode(200)
  reverify(
    @Param('childId', new ParseUUIDPipe()) id: string,
    @Body() body: RecordReverificationRequest,
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(id, p, ['village-officer', 'township-supervisor'], body, ifMatch, res, (metadata) => ({
      type: 'RecordReverification',
      data: { outcome: body.outcome as never, nextDueOn: body.nextDueOn, personal: { findings: body.findings } },
      metadata,
    }));
  }

  @Post(':childId/merge')
  @Allow('county-centre')
  @ApiOperation({
    summary: 'Merge this duplicate file into the surviving file; both histories are kept / 合并重复档案',
  })
  @HttpCode(200)
  async merge(
    @Param('childId', new ParseUUIDPipe()) id: string,
    @Body() body: MergeFilesRequest,
    @CurrentPrincipal() p: Principal,
  ) {
    return answeringRefusals(async () => {
      const [duplicate, survivor] = await Promise.all([
        this.files.loadExisting(id),
        this.files.loadExisting(body.survivorId),
      ]);
      for (const [childId, { file }] of [
        [id, duplicate],
        [body.survivorId, survivor],
      ] as const) {
        if (file.status !== 'unregistered') this.access.assertWithin(p, file.residenceVillage, 'child.merge', childId);
      }
      const { revision } = await this.files.merge(id, body.survivorId, this.metadata(p, ['county-centre'], body));
      return { childId: id, survivorId: body.survivorId, revision };
    });
  }

  private mayAct(principal: Principal, village: string): boolean {
    try {
      return village.startsWith(this.access.scopeFor(principal).prefix);
    } catch {
      return false;
    }
  }

  private metadata(principal: Principal, allowed: Role[], body: { reason: string; policy?: string }): CommandMetadata {
    return {
      decision: decisionBy(principal, allowed, { reason: body.reason, policy: body.policy ?? DEFAULT_POLICY }),
      now: new Date(),
    };
  }

  /**
   * The shape of every workflow command: load the file, check the caller's place (the file's
   * village, or the receiving county for a transfer answer), decide, append at If-Match.
   */
  private async run(
    childId: string,
    principal: Principal,
    allowed: Role[],
    body: { reason: string; policy?: string },
    ifMatch: string | undefined,
    response: Response,
    build: (metadata: CommandMetadata) => Exclude<ChildFileCommand, RegisterChild>,
    place: 'file' | 'receiving-county' = 'file',
    extra: Record<string, unknown> = {},
  ) {
    const expected = revisionFromIfMatch(ifMatch, { required: true });
    return answeringRefusals(async () => {
      const { file } = await this.files.loadExisting(childId);
      if (file.status === 'unregistered') throw new RegistryError('REGISTRY.NOT_FOUND');
      const where =
        place === 'receiving-county' && file.pendingTransfer ? file.pendingTransfer.toCounty : file.residenceVillage;
      const command = build(this.metadata(principal, allowed, body));
      this.access.assertWithin(principal, where, `child.${command.type}`, childId);
      const { revision, events } = await this.files.execute(childId, command, { ifMatch: expected });
      response.setHeader('ETag', etagOf(revision));
      return { childId, revision, events: events.map((e) => e.type), ...extra };
    });
  }
}
