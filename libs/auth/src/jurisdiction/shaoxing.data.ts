/**
 * Shaoxing (绍兴市) and its six counties/districts with their GB/T 2260 codes; for each county a few
 * townships/streets with their real statistical codes; for each of those two or three demo villages
 * or communities. The village and community names are illustrative and their 12-digit codes are
 * demo codes in the statistical layout (communities 0xx, villages 2xx): the full table is loaded
 * with importDivisionsCsv. The demo population and the demo users live in these places.
 */
export interface PlaceData {
  code: string;
  zh: string;
  en: string;
  children?: PlaceData[];
}

const place = (code: string, zh: string, en: string, children?: PlaceData[]): PlaceData => ({
  code,
  zh,
  en,
  children,
});

export const SHAOXING_DATA: PlaceData = place('330600', '绍兴市', 'Shaoxing City', [
  place('330602', '越城区', 'Yuecheng District', [
    place('330602001', '塔山街道', 'Tashan Street', [
      place('330602001001', '塔山社区', 'Tashan Community'),
      place('330602001002', '西小路社区', 'Xixiaolu Community'),
    ]),
    place('330602002', '府山街道', 'Fushan Street', [
      place('330602002001', '仓桥社区', 'Cangqiao Community'),
      place('330602002002', '越都社区', 'Yuedu Community'),
    ]),
    place('330602108', '富盛镇', 'Fusheng Town', [
      place('330602108201', '富盛村', 'Fusheng Village'),
      place('330602108202', '上旺村', 'Shangwang Village'),
      place('330602108203', '倪家溇村', 'Nijialou Village'),
    ]),
  ]),
  place('330603', '柯桥区', 'Keqiao District', [
    place('330603001', '柯桥街道', 'Keqiao Street', [
      place('330603001001', '笛扬社区', 'Diyang Community'),
      place('330603001002', '大寺社区', 'Dasi Community'),
    ]),
    place('330603007', '安昌街道', 'Anchang Street', [
      place('330603007001', '安昌社区', 'Anchang Community'),
      place('330603007201', '大和村', 'Dahe Village'),
    ]),
    place('330603105', '平水镇', 'Pingshui Town', [
      place('330603105201', '平水村', 'Pingshui Village'),
      place('330603105202', '同康村', 'Tongkang Village'),
    ]),
  ]),
  place('330604', '上虞区', 'Shangyu District', [
    place('330604001', '百官街道', 'Baiguan Street', [
      place('330604001001', '龙山社区', 'Longshan Community'),
      place('330604001002', '江滨社区', 'Jiangbin Community'),
    ]),
    place('330604104', '章镇镇', 'Zhangzhen Town', [
      place('330604104201', '章镇村', 'Zhangzhen Village'),
      place('330604104202', '新溪村', 'Xinxi Village'),
    ]),
    place('330604202', '丁宅乡', 'Dingzhai Township', [
      place('330604202201', '丁宅村', 'Dingzhai Village'),
      place('330604202202', '宋家村', 'Songjia Village'),
    ]),
  ]),
  place('330624', '新昌县', 'Xinchang County', [
    place('330624002', '南明街道', 'Nanming Street', [
      place('330624002001', '大佛寺社区', 'Dafosi Community'),
      place('330624002002', '鼓山社区', 'Gushan Community'),
    ]),
    place('330624110', '儒岙镇', "Ru'ao Town", [
      place('330624110201', '儒岙村', "Ru'ao Village"),
      place('330624110202', '南山村', 'Nanshan Village'),
    ]),
    place('330624201', '东茗乡', 'Dongming Township', [
      place('330624201201', '下岩贝村', 'Xiayanbei Village'),
      place('330624201202', '后溪村', 'Houxi Village'),
    ]),
  ]),
  place('330681', '诸暨市', 'Zhuji City', [
    place('330681001', '暨阳街道', 'Jiyang Street', [
      place('330681001001', '城西社区', 'Chengxi Community'),
      place('330681001002', '苎萝社区', 'Zhuluo Community'),
    ]),
    place('330681104', '店口镇', 'Diankou Town', [
      place('330681104201', '店口村', 'Diankou Village'),
      place('330681104202', '湄池村', 'Meichi Village'),
    ]),
    place('330681109', '枫桥镇', 'Fengqiao Town', [
      place('330681109201', '枫源村', 'Fengyuan Village'),
      place('330681109202', '陈家村', 'Chenjia Village'),
      place('330681109203', '栎江村', 'Lijiang Village'),
    ]),
  ]),
  place('330683', '嵊州市', 'Shengzhou City', [
    place('330683001', '剡湖街道', 'Shanhu Street', [
      place('330683001001', '城隍山社区', 'Chenghuangshan Community'),
      place('330683001002', '西后街社区', 'Xihoujie Community'),
    ]),
    place('330683100', '甘霖镇', 'Ganlin Town', [
      place('330683100201', '施家岙村', "Shijia'ao Village"),
      place('330683100202', '甘霖村', 'Ganlin Village'),
    ]),
    place('330683102', '崇仁镇', 'Chongren Town', [
      place('330683102201', '崇仁村', 'Chongren Village'),
      place('330683102202', '富润村', 'Furun Village'),
    ]),
  ]),
]);
