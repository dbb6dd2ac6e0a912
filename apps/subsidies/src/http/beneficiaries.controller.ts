import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Model } from 'mongoose';
import { AccessPolicy, Allow, CurrentPrincipal, FileReadLog, Principal, Role } from '@app/auth';
import { EventStore } from '@app/event-store';
import { InjectEventStore } from '@app/event-store/nest';
import { etagOf, revisionFromIfMatch } from '@app/platform';
import { foldAccount, SubsidyAccounts } from '../accounts/subsidy-accounts.service';
import {
  Beneficiary,
  BeneficiaryCommand,
  chinaDay,
  formatYuan,
  PaymentLine,
  PROGRAMMES,
  ProgrammeCode,
  SubsidyError,
  subsidyStream,
} from '../domain';
import { SUBSIDY_ACCOUNTS } from '../read-models/accounts.projection';
import { CIVIL_AFFAIRS, decisionOf, READERS } from './decision';
import {
  DecideApplicationRequest,
  DecideClaimRequest,
  ReadPurpose,
  ReviewRequest,
  SubmitApplicationRequest,
  SubmitClaimRequest,
} from './subsidies.dto';
import { answeringRefusals, toHttpError } from './subsidy-http-error';

interface Response {
  setHeader(name: string, value: string): unknown;
}

const SUBMITTERS: Role[] = ['village-officer', 'township-supervisor', 'county-centre', 'welfare-home-staff'];
const REVIEWERS: Role[] = ['township-supervisor', 'county-centre'];
const APPROVERS: Role[] = ['county-centre'];

interface AccountRow {
  _id: string;
  village: string;
  payments: Record<
    string,
    {
      reference: string;
      month: string;
      programme: string;
      amount: number;
      lines: PaymentLine[];
      outcome: string;
      runId: string;
      settledOn?: string;
      bankNote?: string | null;
    }
  >;
  revision: number;
}

/** Why an amount is paid, for the ledger, in both languages. */
export function explainLine(line: PaymentLine, programme: ProgrammeCode): { 'zh-CN': string; en: string } {
  const name = PROGRAMMES[programme].name;
  const days =
    line.days && line.daysInMonth && line.days < line.daysInMonth ? `（${line.days}/${line.daysInMonth}天）` : '';
  const daysEn =
    line.days && line.daysInMonth && line.days < line.daysInMonth ? ` (${line.days} of ${line.daysInMonth} days)` : '';
  const rate = line.rateVersion ? `，标准第${line.rateVersion}版 ${line.rateKey}` : '';
  const rateEn = line.rateVersion ? `, rate version ${line.rateVersion} ${line.rateKey}` : '';
  switch (line.kind) {
    case 'allowance':
      return { 'zh-CN': `${line.month} ${name.zh}${days}${rate}`, en: `${line.month} ${name.en}${daysEn}${rateEn}` };
    case 'arrears':
      return {
        'zh-CN': `补发 ${line.month} ${name.zh}：应发 ${formatYuan(line.owed ?? 0)} 元，已发 ${formatYuan(line.paidBefore ?? 0)} 元${days}${rate}`,
        en: `arrears for ${line.month} ${name.en}: owed ${formatYuan(line.owed ?? 0)}, paid ${formatYuan(line.paidBefore ?? 0)}${daysEn}${rateEn}`,
      };
    case 'reissue':
      return {
        'zh-CN': `重发 ${line.month} ${name.zh}（原付款 ${line.replaces} 未成功）`,
        en: `re-issue of ${line.month} ${name.en} (payment ${line.replaces} failed or was reversed)`,
      };
    case 'claim':
      return {
        'zh-CN': `${name.zh} 报销单 ${line.claimId}${line.replaces ? `（重发，原付款 ${line.replaces}）` : ''}`,
        en: `${name.en} claim ${line.claimId}${line.replaces ? ` (re-issue of ${line.replaces})` : ''}`,
      };
  }
}

/** A child's subsidy account: applications, entitlements, medical claims and the payment ledger. */
@ApiTags('beneficiaries')
@Controller('v1/beneficiaries')
export class BeneficiariesController {
  constructor(
    private readonly accounts: SubsidyAccounts,
    private readonly access: AccessPolicy,
    private readonly reads: FileReadLog,
    @InjectEventStore() private readonly store: EventStore,
    @InjectModel(SUBSIDY_ACCOUNTS) private readonly accountRows: Model<AccountRow>,
  ) {}

  @Get(':childId')
  @Allow(...READERS)
  @ApiOperation({ summary: "A child's subsidy account: facts, applications, entitlements, claims / 救助档案" })
  async account(
    @Param('childId', new ParseUUIDPipe()) childId: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { state, revision } = await this.visible(childId, principal, 'subsidy.read');
    response.setHeader('ETag', etagOf(revision));
    return {
      childId,
      village: state.village,
      county: state.county,
      tier: state.tier,
      status: state.status,
      left: state.left ?? null,
      applications: Object.values(state.applications),
      entitlements: state.entitlements,
      claims: Object.values(state.claims),
      revision,
    };
  }

  @Get(':childId/ledger')
  @Allow(...READERS)
  @ApiOperation({ summary: 'Every payment to the child with the reason for every amount / 发放明细' })
  async ledger(@Param('childId', new ParseUUIDPipe()) childId: string, @CurrentPrincipal() principal: Principal) {
    const row = await this.accountRows.findById(childId).lean();
    if (!row) throw toHttpError(new SubsidyError('SUBSIDY.CHILD_UNKNOWN', { childId }));
    this.access.assertWithin(principal, row.village, 'subsidy.ledger', childId);
    const payments = Object.values(row.payments ?? {}).sort((a, b) =>
      a.month < b.month ? -1 : a.month > b.month ? 1 : 0,
    );
    const counted = (p: { outcome: string }) => p.outcome === 'paid' || p.outcome === 'scheduled';
    return {
      childId,
      payments: payments.map((p) => ({
        reference: p.reference,
        programme: p.programme,
        month: p.month,
        amountFen: p.amount,
        amount: formatYuan(p.amount),
        outcome: p.outcome,
        settledOn: p.settledOn ?? null,
        bankNote: p.bankNote ?? null,
        lines: p.lines.map((l) => ({ ...l, reason: explainLine(l, p.programme as ProgrammeCode) })),
      })),
      totals: {
        paidFen: payments.filter((p) => p.outcome === 'paid').reduce((s, p) => s + p.amount, 0),
        pendingFen: payments.filter((p) => p.outcome === 'scheduled').reduce((s, p) => s + p.amount, 0),
        countedFen: payments.filter(counted).reduce((s, p) => s + p.amount, 0),
      },
      revision: row.revision,
    };
  }

  @Post(':childId/applications')
  @Allow(...SUBMITTERS)
  @ApiOperation({ summary: 'Apply for a monthly allowance (village submits) / 提交补贴申请' })
  async submitApplication(
    @Param('childId', new ParseUUIDPipe()) childId: string,
    @Body() body: SubmitApplicationRequest,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const applicationId = body.applicationId ?? randomUUID();
    const metadata = decisionOf(principal, SUBMITTERS, body, body.programme as ProgrammeCode);
    const revision = await this.run(childId, principal, 'subsidy.apply', undefined, {
      type: 'SubmitApplication',
      data: {
        applicationId,
        programme: body.programme as ProgrammeCode,
        careSetting: body.careSetting,
        requestedFrom: body.requestedFrom ?? chinaDay(metadata.now),
      },
      metadata,
    });
    response.setHeader('ETag', etagOf(revision));
    return { applicationId, revision };
  }

  @Post(':childId/applications/:applicationId/review')
  @HttpCode(200)
  @Allow(...REVIEWERS)
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the account as you read it' })
  @ApiOperation({ summary: 'Township review: forward to the county or reject / 乡镇审核' })
  async reviewApplication(
    @Param('childId', new ParseUUIDPipe()) childId: string,
    @Param('applicationId', new ParseUUIDPipe()) applicationId: string,
    @Body() body: ReviewRequest,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const revision = await this.run(childId, principal, 'subsidy.review', ifMatch, {
      type: 'ReviewApplication',
      data: { applicationId, forward: body.forward },
      metadata: decisionOf(principal, REVIEWERS, body),
    });
    response.setHeader('ETag', etagOf(revision));
    return { revision };
  }

  @Post(':childId/applications/:applicationId/decision')
  @HttpCode(200)
  @Allow(...APPROVERS)
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOperation({ summary: 'County decision: approve (the entitlement starts) or reject / 县级审批' })
  async decideApplication(
    @Param('childId', new ParseUUIDPipe()) childId: string,
    @Param('applicationId', new ParseUUIDPipe()) applicationId: string,
    @Body() body: DecideApplicationRequest,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const revision = await this.run(childId, principal, 'subsidy.approve', ifMatch, {
      type: 'DecideApplication',
      data: { applicationId, approve: body.approve, entitlementId: applicationId, startsOn: body.startsOn },
      metadata: decisionOf(principal, APPROVERS, body),
    });
    response.setHeader('ETag', etagOf(revision));
    return { revision, entitlementId: body.approve ? applicationId : null };
  }

  @Post(':childId/claims')
  @Allow(...SUBMITTERS)
  @ApiOperation({ summary: 'Submit a medical rehabilitation claim (diagnosis stored encrypted) / 提交医疗康复报销' })
  async submitClaim(
    @Param('childId', new ParseUUIDPipe()) childId: string,
    @Body() body: SubmitClaimRequest,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const claimId = body.claimId ?? randomUUID();
    const revision = await this.run(childId, principal, 'subsidy.claim', undefined, {
      type: 'SubmitClaim',
      data: {
        claimId,
        programme: body.programme as ProgrammeCode,
        disease: body.disease ?? null,
        serviceDate: body.serviceDate,
        bill: body.billFen,
        insurancePaid: body.insurancePaidFen,
        personal: { diagnosis: body.diagnosis, hospital: body.hospital },
      },
      metadata: decisionOf(principal, SUBMITTERS, body, body.programme as ProgrammeCode),
    });
    response.setHeader('ETag', etagOf(revision));
    return { claimId, revision };
  }

  @Post(':childId/claims/:claimId/review')
  @HttpCode(200)
  @Allow(...REVIEWERS)
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOperation({ summary: 'Township review of a claim / 乡镇审核报销' })
  async reviewClaim(
    @Param('childId', new ParseUUIDPipe()) childId: string,
    @Param('claimId', new ParseUUIDPipe()) claimId: string,
    @Body() body: ReviewRequest,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const revision = await this.run(childId, principal, 'subsidy.claim-review', ifMatch, {
      type: 'ReviewClaim',
      data: { claimId, forward: body.forward },
      metadata: decisionOf(principal, REVIEWERS, body),
    });
    response.setHeader('ETag', etagOf(revision));
    return { revision };
  }

  @Post(':childId/claims/:claimId/decision')
  @HttpCode(200)
  @Allow(...APPROVERS)
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOperation({
    summary: 'County decision on a claim: subsidy = min(ratio × out-of-pocket, cap left) / 县级审批报销',
  })
  async decideClaim(
    @Param('childId', new ParseUUIDPipe()) childId: string,
    @Param('claimId', new ParseUUIDPipe()) claimId: string,
    @Body() body: DecideClaimRequest,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { revision, events } = await this.runWithEvents(childId, principal, 'subsidy.claim-approve', ifMatch, {
      type: 'DecideClaim',
      data: { claimId, approve: body.approve },
      metadata: decisionOf(principal, APPROVERS, body),
    });
    response.setHeader('ETag', etagOf(revision));
    const approved = events.find((e) => e.type === 'ClaimApproved');
    return { revision, subsidyFen: approved?.type === 'ClaimApproved' ? approved.data.subsidy : null };
  }

  @Get(':childId/claims/:claimId')
  @Allow(...CIVIL_AFFAIRS)
  @ApiOperation({
    summary: 'Read a claim with its diagnosis; the read is recorded with its purpose / 查阅报销（留痕）',
  })
  async claim(
    @Param('childId', new ParseUUIDPipe()) childId: string,
    @Param('claimId', new ParseUUIDPipe()) claimId: string,
    @Query() { purpose }: ReadPurpose,
    @CurrentPrincipal() principal: Principal,
  ) {
    // One read: the decrypted events give both the account (to check the caller) and the claim's personal part.
    const events = await this.store.readStream(subsidyStream(childId));
    const state = foldAccount(events);
    this.mayAct(childId, principal, 'subsidy.claim-read')(state);
    const claim = state.claims[claimId];
    if (!claim) throw toHttpError(new SubsidyError('SUBSIDY.CLAIM_NOT_FOUND', { claimId }));
    await this.reads.record(principal, { fileId: childId, purpose, fileJurisdiction: state.village as string });
    const submitted = events.find(
      (e) => e.type === 'ClaimSubmitted' && (e.data as { claimId: string }).claimId === claimId,
    );
    return { ...claim, personal: (submitted?.data as { personal?: unknown })?.personal ?? null };
  }

  /** The caller's place must hold the child's village; an account the registry never told us of is unknown. */
  private mayAct(childId: string, principal: Principal, action: string): (state: Beneficiary) => void {
    return (state) => {
      if (state.status === 'unknown') throw toHttpError(new SubsidyError('SUBSIDY.CHILD_UNKNOWN', { childId }));
      this.access.assertWithin(principal, state.village as string, action, childId);
    };
  }

  private async visible(
    childId: string,
    principal: Principal,
    action: string,
  ): Promise<{ state: Beneficiary; revision: number }> {
    const loaded = await this.accounts.load(childId);
    this.mayAct(childId, principal, action)(loaded.state);
    return loaded;
  }

  private async run(
    childId: string,
    principal: Principal,
    action: string,
    ifMatch: string | undefined,
    command: BeneficiaryCommand,
  ): Promise<number> {
    return (await this.runWithEvents(childId, principal, action, ifMatch, command)).revision;
  }

  /** Decides and appends (at If-Match when given) once the caller's place is checked on the state read for it. */
  private runWithEvents(
    childId: string,
    principal: Principal,
    action: string,
    ifMatch: string | undefined,
    command: BeneficiaryCommand,
  ) {
    return answeringRefusals(() =>
      this.accounts.execute(childId, command, {
        ifMatch: ifMatch === undefined ? undefined : revisionFromIfMatch(ifMatch),
        authorize: this.mayAct(childId, principal, action),
      }),
    );
  }
}
