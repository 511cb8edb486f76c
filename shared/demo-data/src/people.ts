import type { Random } from './random.js';
import { Weighted } from './random.js';

/** Common surnames, roughly by frequency (王李张刘陈 … first). */
const SURNAMES = new Weighted<string>(
  (
    [
      ['王', 72], ['李', 70], ['张', 68], ['刘', 54], ['陈', 45], ['杨', 31], ['黄', 24], ['赵', 20], ['吴', 19], ['周', 19],
      ['徐', 15], ['孙', 15], ['马', 12], ['朱', 11], ['胡', 11], ['郭', 11], ['何', 10], ['林', 10], ['罗', 9], ['高', 9],
      ['郑', 8], ['梁', 8], ['谢', 7], ['宋', 6], ['唐', 6], ['许', 6], ['韩', 6], ['邓', 6], ['冯', 6], ['曹', 5],
      ['彭', 5], ['曾', 5], ['肖', 5], ['田', 5], ['董', 4], ['潘', 4], ['袁', 4], ['蔡', 4], ['蒋', 4], ['余', 4],
      ['于', 4], ['杜', 4], ['叶', 4], ['程', 3], ['魏', 3], ['苏', 3], ['吕', 3], ['丁', 3], ['任', 3], ['卢', 3],
      ['姚', 3], ['沈', 3], ['钟', 3], ['姜', 3], ['崔', 3], ['谭', 3], ['陆', 3], ['范', 2], ['汪', 2], ['廖', 2],
      ['石', 2], ['金', 2], ['韦', 2], ['贾', 2], ['夏', 2], ['付', 2], ['方', 2], ['邹', 2], ['熊', 2], ['白', 2],
      ['孟', 2], ['秦', 2], ['邱', 2], ['侯', 2], ['江', 2], ['尹', 2], ['薛', 2], ['闫', 2], ['段', 2], ['雷', 2],
      ['欧阳', 1], ['司马', 0.3], ['上官', 0.2],
    ] as const
  ).map(([s, w]) => [s, w] as const),
);

const GIVEN_MALE = '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林欢阳建文博晨昊然轩睿泽航铭峰诚瑞翔'.split('');
const GIVEN_FEMALE = '芳娜敏静丽艳娟霞燕玲婷雪琳晶颖倩洁慧欣怡佳悦雨萱涵梦瑶琪蕾璐蓉薇彤妍菲嘉月思诗可馨'.split('');
const GIVEN_ANY = '子一梓雨思嘉晓文佳宇欣俊浩家心逸亦可星辰安'.split('');

export interface Person {
  readonly name: string;
  readonly male: boolean;
}

export function personName(random: Random): Person {
  const male = random.chance(0.55);
  const pool = male ? GIVEN_MALE : GIVEN_FEMALE;
  const surname = SURNAMES.pick(random);
  const given = random.chance(0.25) ? random.pick(pool) : random.pick(random.chance(0.4) ? GIVEN_ANY : pool) + random.pick(pool);
  return { name: surname + given, male };
}

/** Mainland mobile prefixes of the three carriers. */
const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '173', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '198', '199'];

export function phoneNumber(random: Random): string {
  return random.pick(MOBILE_PREFIXES) + String(random.int(0, 99_999_999)).padStart(8, '0');
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

/** GB 11643 check character (ISO 7064 MOD 11-2) of the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] as string;
}

/**
 * A synthetic 18-character 居民身份证号码 in valid format: region, birth date, sequence with the
 * sex digit (odd for men), check character. Synthetic: it is drawn at random, never looked up.
 */
export function idNumber(random: Random, region: string, birthYear: number, male: boolean): string {
  const month = random.int(1, 12);
  const day = random.int(1, new Date(Date.UTC(birthYear, month, 0)).getUTCDate());
  const seq = random.int(0, 99) * 10 + (male ? random.pick([1, 3, 5, 7, 9]) : random.pick([0, 2, 4, 6, 8]));
  const first17 = `${region}${birthYear}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}
