/**
 * Name material for the synthetic population. DEMO DATA: no real person is meant.
 *
 * Surnames with rough weights (per mille of the population) after the common-surname rankings
 * of the 2020 census, nudged towards Zhejiang, where 陈, 王, 张, 李, 吴, 徐, 周, 杨, 金, 沈, 钱, 俞
 * and 楼 are more frequent than nationally. Given names: one or two characters, drawn from lists
 * of characters popular in names of children born 2008–2025, by sex, plus characters used for both.
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

const MALE_CHARACTERS =
  '浩宇轩睿博俊辰泽昊皓杰明航铭豪伟杭天宸瑞诚翔煜哲凯毅彬恒锦阳晨鑫涛磊鹏峰城立远启铠楷烨承桐逸朗';
const FEMALE_CHARACTERS = '欣怡萱琪语馨悦妍婷彤雅梦瑶静蕾琳菲芸晴冉蓓薇露洁诗雨可思佳紫梓韵婧媛颖娜倩莹璐歆茜瑾蔓芷';
const SHARED_CHARACTERS = '子一文安宁嘉乐心若晓沐予亦清书言星然诺涵奕依';

export const GIVEN_NAME_CHARACTERS = {
  male: [...new Set([...MALE_CHARACTERS, ...SHARED_CHARACTERS])],
  female: [...new Set([...FEMALE_CHARACTERS, ...SHARED_CHARACTERS])],
} as const;

/** The share of children whose given name is a single character. */
export const SINGLE_CHARACTER_GIVEN_NAMES = 0.12;

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
