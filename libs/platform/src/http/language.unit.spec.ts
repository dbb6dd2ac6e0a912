import { pickLanguage } from './language';

describe('answer language from Accept-Language', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['fr-FR, en;q=0.5', 'en'],
    ['fr-FR, de', 'zh-CN'],
    ['zh;q=0.4, en;q=0.8', 'en'],
    ['en;q=0, zh;q=0.1', 'zh-CN'],
    ['*', 'zh-CN'],
    ['en;q=abc', 'zh-CN'],
    [['en', 'zh'], 'en'],
  ])('%j → %s', (header, expected) => {
    expect(pickLanguage(header as string | string[] | undefined)).toBe(expected);
  });
});
