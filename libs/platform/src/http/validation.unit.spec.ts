import { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { createValidationPipe, RejectOperatorKeysPipe, ValidationFailed } from './validation';

class GuardianDto {
  @IsString()
  name!: string;
}

class RegisterDto {
  @IsString()
  @MaxLength(20)
  name!: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  age?: number;

  @ValidateNested({ each: true })
  @Type(() => GuardianDto)
  guardians: GuardianDto[] = [];
}

class ListQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  page?: number;
}

const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });

async function problems(run: () => unknown): Promise<{ field: string; rule: string }[]> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailed);
    return (error as ValidationFailed).problems.map(({ field, rule }) => ({ field, rule }));
  }
  throw new Error('the value was accepted');
}

describe('request validation', () => {
  const pipe = createValidationPipe();
  const operators = new RejectOperatorKeysPipe();

  it('turns a valid body into the DTO', async () => {
    const dto = await pipe.transform({ name: '王小明', age: 7, guardians: [{ name: '王芳' }] }, body(RegisterDto));
    expect(dto).toBeInstanceOf(RegisterDto);
    expect(dto.guardians[0]).toBeInstanceOf(GuardianDto);
  });

  it('refuses unknown fields instead of dropping them, and names each broken rule', async () => {
    expect(
      await problems(() =>
        pipe.transform({ name: 5, age: -1, role: 'city-bureau', guardians: [{ name: 1 }] }, body(RegisterDto)),
      ),
    ).toEqual([
      { field: 'role', rule: 'whitelistValidation' },
      { field: 'name', rule: 'maxLength' },
      { field: 'name', rule: 'isString' },
      { field: 'age', rule: 'min' },
      { field: 'guardians.0.name', rule: 'isString' },
    ]);
  });

  it("does not convert types behind the caller's back, except where a query DTO asks", async () => {
    expect(await problems(() => pipe.transform({ name: 'a', age: '7' }, body(RegisterDto)))).toContainEqual({
      field: 'age',
      rule: 'isInt',
    });
    await expect(pipe.transform({ page: '2' }, { type: 'query', metatype: ListQuery })).resolves.toEqual({ page: 2 });
  });

  it('refuses a Mongo operator where a string belongs', async () => {
    expect(await problems(() => pipe.transform({ name: { $gt: '' } }, body(RegisterDto)))).toContainEqual({
      field: 'name',
      rule: 'isString',
    });
  });

  it.each([
    ['an operator in a body', { filter: { name: { $ne: null } } }, 'body', 'filter.name.$ne'],
    ['an operator at the top', { $where: 'sleep(1000)' }, 'body', '$where'],
    ['an operator deep in an array', { list: [{ a: { $regex: '.*' } }] }, 'body', 'list.0.a.$regex'],
    ['a prototype key', JSON.parse('{"__proto__": {"admin": true}}'), 'body', '__proto__'],
    ['bracket syntax in a query string', { 'name[$ne]': '' }, 'query', 'name[$ne]'],
  ])('refuses %s whatever the DTO says', async (_what, value, type, field) => {
    expect(await problems(() => operators.transform(value, { type: type as 'body' | 'query' }))).toEqual([
      { field, rule: 'operatorKey' },
    ]);
  });

  it('lets ordinary values through, including a dollar inside a value', () => {
    const value = { name: '$gt', note: 'costs $5' };
    expect(operators.transform(value, { type: 'body' })).toBe(value);
    expect(operators.transform({ $gt: 1 }, { type: 'param' })).toEqual({ $gt: 1 });
  });
});
