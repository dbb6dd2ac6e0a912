import { Body, Controller, Get, Header, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Model } from 'mongoose';
import { AccessPolicy, Allow, CurrentPrincipal, Principal, Role } from '@app/auth';
import { etagOf, revisionFromIfMatch } from '@app/platform';
import { formatYuan, parseResults, PayRun, SubsidyError } from '../domain';
import { PayRuns } from '../payruns/pay-runs.service';
import { SUBSIDY_COMMITMENTS, SUBSIDY_PAYRUNS } from '../read-models/payruns.projection';
import { decisionOf } from './decision';
import { ApprovePayRunRequest, CountyQuery, DecisionFields, OpenPayRunRequest, PayRunPath } from './subsidies.dto';
import { answeringRefusals, toHttpError } from './subsidy-http-error';

interface Response {
  setHeader(name: string, value: string): unknown;
  status(code: number): unknown;
}

const RUNNERS: Role[] = ['county-centre'];
const RUN_READERS: Role[] = ['county-centre', 'city-bureau', 'regulator'];

type Row = Record<string, unknown> & { county: string };

/** Monthly payment runs per county: open → computed → approved (second person) → exported → bank results. */
@ApiTags('payment runs')
@Controller('v1')
export class PayRunsController {
  constructor(
    private readonly runs: PayRuns,
    private readonly access: AccessPolicy,
    @InjectModel(SUBSIDY_PAYRUNS) private readonly runRows: Model<Row>,
    @InjectModel(SUBSIDY_COMMITMENTS) private readonly commitmentRows: Model<Row>,
  ) {}

  @Post('payruns')
  @HttpCode(202)
  @Allow(...RUNNERS)
  @ApiOperation({
    summary:
      "Open the county's run for a month and compute it in the background; calling again resumes an interrupted computation / 生成月度发放批次",
  })
  async open(
    @Body() body: OpenPayRunRequest,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    this.access.assertWithin(principal, body.county, 'payrun.open');
    const { run, revision } = await answeringRefusals(() =>
      this.runs.start(body.county, body.month, decisionOf(principal, RUNNERS, body)),
    );
    response.setHeader('ETag', etagOf(revision));
    return this.describe(run, revision);
  }

  @Get('payruns')
  @Allow(...RUN_READERS)
  @ApiOperation({ summary: 'Run summaries of the counties you may see / 发放批次汇总' })
  async list(@Query() query: CountyQuery, @CurrentPrincipal() principal: Principal) {
    const scope = this.access.scopeWithin(principal, query.county, 'payrun.list');
    const rows = await this.runRows.find({}, { lastPosition: 0 }).lean();
    return rows
      .filter((r) => String(r.county).startsWith(scope.prefix.slice(0, 6)))
      .filter(
        (r) => (!query.from || (r.month as string) >= query.from) && (!query.to || (r.month as string) <= query.to),
      )
      .sort(
        (a, b) => String(b.month).localeCompare(String(a.month)) || String(a.county).localeCompare(String(b.county)),
      );
  }

  @Get('payruns/:county/:month')
  @Allow(...RUN_READERS)
  @ApiOperation({ summary: 'A run: status, control totals, progress while computing / 批次详情' })
  async one(
    @Param() path: PayRunPath,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    this.access.assertWithin(principal, path.county, 'payrun.read');
    const { run, revision } = await this.runs.load(path.county, path.month);
    if (run.status === 'none') throw toHttpError(new SubsidyError('SUBSIDY.PAYRUN_NOT_FOUND', { ...path }));
    response.setHeader('ETag', etagOf(revision));
    return this.describe(run, revision);
  }

  @Post('payruns/:county/:month/approval')
  @HttpCode(200)
  @Allow(...RUNNERS)
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOperation({ summary: 'Approve the run: a second person confirms its control totals / 复核批准' })
  async approve(
    @Param() path: PayRunPath,
    @Body() body: ApprovePayRunRequest,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    this.access.assertWithin(principal, path.county, 'payrun.approve');
    const { revision } = await answeringRefusals(() =>
      this.runs.approve(
        path.county,
        path.month,
        { count: body.count, amount: body.amountFen },
        decisionOf(principal, RUNNERS, body),
        revisionFromIfMatch(ifMatch, { required: false }),
      ),
    );
    response.setHeader('ETag', etagOf(revision));
    return { revision };
  }

  @Get('payruns/:county/:month/bank-file')
  @Allow(...RUNNERS)
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The bank file of an approved run: one line per payment reference / 导出银行代发文件' })
  async bankFile(
    @Param() path: PayRunPath,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    this.access.assertWithin(principal, path.county, 'payrun.export');
    const { csv, sha256 } = await answeringRefusals(() =>
      this.runs.export(
        path.county,
        path.month,
        decisionOf(principal, RUNNERS, { reason: '导出银行代发文件 / bank file exported' }),
      ),
    );
    response.setHeader('Content-Disposition', `attachment; filename="payrun-${path.county}-${path.month}.csv"`);
    response.setHeader('Digest', `sha-256=${Buffer.from(sha256, 'hex').toString('base64')}`);
    return csv;
  }

  @Post('payruns/:county/:month/bank-results')
  @HttpCode(200)
  @Allow(...RUNNERS)
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: { type: 'string', example: 'reference,outcome,amount,note\n202611-0123456789ABCDEF,paid,2089.00' },
  })
  @ApiOperation({ summary: "Import the bank's results (paid / failed / reversed) and reconcile / 导入银行回盘" })
  async bankResults(
    @Param() path: PayRunPath,
    @Body() body: unknown,
    @Query() decision: DecisionFields,
    @CurrentPrincipal() principal: Principal,
  ) {
    this.access.assertWithin(principal, path.county, 'payrun.results');
    if (typeof body !== 'string')
      throw toHttpError(new SubsidyError('SUBSIDY.BANK_FILE_INVALID', { expected: 'Content-Type: text/csv' }));
    const { results, problems } = parseResults(body);
    if (problems.length) throw toHttpError(new SubsidyError('SUBSIDY.BANK_FILE_INVALID', { problems }));
    return answeringRefusals(() =>
      this.runs.importResults(path.county, path.month, body, results, decisionOf(principal, RUNNERS, decision)),
    );
  }

  @Get('commitments')
  @Allow(...RUN_READERS)
  @ApiOperation({ summary: 'Monthly commitments per county × programme, as scheduled by the runs / 月度资金汇总' })
  async commitments(@Query() query: CountyQuery, @CurrentPrincipal() principal: Principal) {
    const scope = this.access.scopeWithin(principal, query.county, 'commitments.list');
    const rows = await this.commitmentRows.find({}, { lastPosition: 0 }).lean();
    return rows
      .filter((r) => String(r.county).startsWith(scope.prefix.slice(0, 6)))
      .filter(
        (r) => (!query.from || (r.month as string) >= query.from) && (!query.to || (r.month as string) <= query.to),
      )
      .sort(
        (a, b) => String(a.month).localeCompare(String(b.month)) || String(a.county).localeCompare(String(b.county)),
      );
  }

  private describe(run: PayRun, revision: number) {
    const progress = run.county && run.month ? this.runs.progressOf(run.county, run.month) : undefined;
    return {
      runId: run.runId,
      county: run.county,
      month: run.month,
      status: run.status,
      openedBy: run.openedBy,
      controlTotals: { count: run.totals.count, amountFen: run.totals.amount, amount: formatYuan(run.totals.amount) },
      progress: run.status === 'computing' && progress ? progress : null,
      exportSha256: run.exportedSha256,
      revision,
    };
  }
}
