import { Body, Controller, Get, Headers, Param, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, Principal, Role } from '@app/auth';
import { etagOf, revisionFromIfMatch } from '@app/platform';
import { IndexationRule, isProgrammeCode, PROGRAMMES, ProgrammeCode, SubsidyError } from '../domain';
import { RateTables } from '../rates/rate-tables.service';
import { decisionOf, READERS } from './decision';
import { IndexRatesRequest, PublishRatesRequest } from './subsidies.dto';
import { answeringRefusals, toHttpError } from './subsidy-http-error';

interface Response {
  setHeader(name: string, value: string): unknown;
}

/** Rates and policy tables are the city bureau's (DOMAIN.md: "rates and policy tables"). */
const RATE_SETTERS: Role[] = ['city-bureau'];

function programmeOf(code: string): ProgrammeCode {
  if (!isProgrammeCode(code)) throw toHttpError(new SubsidyError('SUBSIDY.PROGRAMME_UNKNOWN', { programme: code }));
  return code;
}

@ApiTags('rates')
@Controller('v1/rates')
export class RatesController {
  constructor(private readonly rates: RateTables) {}

  @Get()
  @Allow(...READERS)
  @ApiOperation({ summary: 'Programmes and their rate tables, every version / 保障项目与标准' })
  async all() {
    const tables = await this.rates.all();
    return Object.values(PROGRAMMES).map((p) => ({ ...p, versions: tables[p.code]?.versions ?? [] }));
  }

  @Get(':programme')
  @Allow(...READERS)
  @ApiOperation({ summary: "One programme's rate table / 某项目的标准" })
  async one(@Param('programme') code: string, @Res({ passthrough: true }) response: Response) {
    const programme = programmeOf(code);
    const { table, revision } = await this.rates.load(programme);
    response.setHeader('ETag', etagOf(revision));
    return { ...PROGRAMMES[programme], versions: table.versions, revision };
  }

  @Post(':programme/versions')
  @Allow(...RATE_SETTERS)
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the table as you read it' })
  @ApiOperation({ summary: 'Publish a new rate version from a month (retroactive when marked) / 发布新标准' })
  async publish(
    @Param('programme') code: string,
    @Body() body: PublishRatesRequest,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const programme = programmeOf(code);
    const result = await answeringRefusals(() =>
      this.rates.change(
        {
          type: 'PublishRates',
          data: {
            programme,
            effectiveFrom: body.effectiveFrom,
            amounts: body.amounts,
            claims: body.claims,
            retroactive: body.retroactive,
          },
          metadata: decisionOf(principal, RATE_SETTERS, body, programme),
        },
        revisionFromIfMatch(ifMatch, { required: false }),
      ),
    );
    response.setHeader('ETag', etagOf(result.revision));
    return result;
  }

  @Post(':programme/indexations')
  @Allow(...RATE_SETTERS)
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOperation({
    summary: 'Natural growth: index the rates by a yearly percentage or a share of a base figure / 自然增长',
  })
  async index(
    @Param('programme') code: string,
    @Body() body: IndexRatesRequest,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const programme = programmeOf(code);
    let rule: IndexationRule;
    if (body.kind === 'annual-percent') {
      if (body.percent === undefined) throw toHttpError(new SubsidyError('SUBSIDY.RATE_INVALID', { percent: null }));
      rule = { kind: 'annual-percent', percent: body.percent };
    } else {
      if (!body.baseName || body.baseAnnualFen === undefined || !body.sharesBasisPoints)
        throw toHttpError(
          new SubsidyError('SUBSIDY.RATE_INVALID', { rule: 'baseName, baseAnnualFen, sharesBasisPoints' }),
        );
      rule = {
        kind: 'share-of-base',
        baseName: body.baseName,
        baseAnnualFen: body.baseAnnualFen,
        sharesBasisPoints: body.sharesBasisPoints,
      };
    }
    const result = await answeringRefusals(() =>
      this.rates.change(
        {
          type: 'IndexRates',
          data: { programme, effectiveFrom: body.effectiveFrom, rule, retroactive: body.retroactive },
          metadata: decisionOf(principal, RATE_SETTERS, body, programme),
        },
        revisionFromIfMatch(ifMatch, { required: false }),
      ),
    );
    response.setHeader('ETag', etagOf(result.revision));
    return result;
  }
}
