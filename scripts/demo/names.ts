/**
 * Name material for the synthetic population. DEMO DATA: no real person is meant.
 *
 * Surnames with rough weights (per mille of the population) after the common-surname rankings
 * of the 2020 census, nudged towards Zhejiang, where 陈, 王, 张, 李, 吴, 徐, 周, 杨, 金, 沈, 钱, 俞
 * and 楼 are more frequent than nationally. Given names: one or two characters, drawn by sex and
 * position from characters popular in the names of children born 2008–2025.
 */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72], ['陈', 70], ['张', 55], ['李', 52], ['吴', 34], ['徐', 30], ['周', 29], ['杨', 26],
  ['刘', 25], ['金', 20], ['黄', 19], ['朱', 19], ['胡', 18], ['沈', 17], ['俞', 14], ['何', 13],
  ['林', 13], ['钱', 12], ['孙', 12], ['赵', 12], ['郑', 11], ['楼', 10], ['马', 10], ['蒋', 10],
  ['陆', 9], ['方', 9], ['袁', 8], ['章', 8], ['宣', 7], ['丁', 7], ['叶', 7], ['谢', 7], ['许', 7],
  ['潘', 6], ['姚', 6], ['傅', 6], ['魏', 6], ['汪', 6], ['邵', 6], ['孟', 5], ['冯', 5], ['宋', 5],
  ['唐', 5], ['韩', 5], ['曹', 5], ['董', 5], ['罗', 5], ['梁', 5], ['高', 5], ['郭', 5], ['寿', 4],
  ['屠', 4], ['裘', 4], ['竺', 3], ['骆', 4], ['钟', 4], ['卢', 4], ['范', 4], ['石', 4], ['戴', 4],
  ['顾', 4], ['邱', 3], ['夏', 3], ['蔡', 4], ['余', 4], ['杜', 3], ['程', 3], ['苏', 3], ['吕', 4],
  ['任', 3], ['姜', 3], ['崔', 2], ['谭', 2], ['贾', 2], ['毛', 3], ['龚', 2], ['严', 3], ['倪', 3],
  ['单', 2], ['斯', 2], ['边', 2], ['商', 2], ['尹', 2], ['葛', 2], ['滕', 2], ['应', 3],
]; // prettier-ignore

/** Given names by position: the first and second character of two-character names, and one-character names. */
export const GIVEN_NAME_CHARACTERS = {
  male: {
    first: [...'子梓浩宇俊博一嘉皓明天思文家奕睿晨逸铭泽承景锦沐宸煜亦宏振书'],
    second: [...'轩宇涵辰泽睿航杰豪阳铭宸然诚熙恒哲博锐凯昊瑞远毅楷翔朗骏霖'],
    single: [...'浩杰磊涛鑫宇睿阳凯哲晨航昊毅彬斌'],
  },
  female: {
    first: [...'欣梓诗子思雨佳语可一紫依若芷梦心雅安书嘉晓婉沐芊'],
    second: [...'怡涵萱琪彤琳妍悦瑶馨婷雯然宁菲淇璐韵晴洁茜颖蕾欣玥汐瑾'],
    single: [...'悦琳婷洁静颖晨欣璐倩瑶蕾娜莹'],
  },
} as const;

/** The share of children whose given name is a single character. */
export const SINGLE_CHARACTER_GIVEN_NAMES = 0.1;

/** Names of guardians (parents, grandparents) are drawn from these, with the child's surname for the father. */
export const ADULT_GIVEN_NAMES = {
  male: [
    '建国',
    '国强',
    '伟明',
    '志刚',
    '建华',
    '海涛',
    '永军',
    '卫东',
    '立新',
    '国平',
    '宏伟',
    '利民',
    '金龙',
    '新华',
  ],
  female: [
    '秀英',
    '丽华',
    '美娟',
    '桂芳',
    '玉兰',
    '红梅',
    '素芬',
    '雪琴',
    '建芬',
    '亚萍',
    '月娥',
    '晓燕',
    '丽萍',
    '海燕',
  ],
} as const;
