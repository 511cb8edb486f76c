import type { IndustryKey } from './industries.js';

/** A park (园区) and the industries settled in it. */
export interface Park {
  readonly name: string;
  readonly industries: readonly IndustryKey[];
}

/**
 * The five places of the policy documents (docs/domain.md), with their parks and the weight of each
 * industry in their economy. Weights drive both the enterprise mix and the school major mix, so
 * 嘉峪关 has steel enterprises and metallurgy students, 金湾 aviation enterprises and
 * 机电 students.
 */
export interface Place {
  readonly key: PlaceKey;
  readonly city: string;
  readonly district?: string;
  /** Short name for school and enterprise names. */
  readonly short: string;
  readonly parks: readonly Park[];
  /** Industries found in town rather than in a park (hospitals, hotels, accountants …). */
  readonly townIndustries: readonly IndustryKey[];
  readonly industries: Readonly<Partial<Record<IndustryKey, number>>>;
  /** 行政区划代码 prefixes for synthetic ID numbers: the place's own first, then its province's. */
  readonly regionCodes: readonly string[];
  /** Multiplier for salaries (广州 pays more than 嘉峪关). */
  readonly wageLevel: number;
  /** Share of the generated students and enterprises. */
  readonly weight: number;
  /** Qualifiers for school names. */
  readonly schoolWords: readonly string[];
}

export type PlaceKey = 'ZH' | 'CZ' | 'GZ' | 'JYG' | 'JH';

export const PLACES: readonly Place[] = [
  {
    key: 'ZH',
    city: '珠海市',
    district: '金湾区',
    short: '珠海',
    parks: [
      { name: '珠海航空产业园', industries: ['aviation', 'smart_manufacturing', 'logistics'] },
      { name: '高栏港经济区', industries: ['petrochemical', 'marine', 'energy', 'logistics'] },
      { name: '金湾联港工业区', industries: ['smart_manufacturing', 'electronics', 'biomedicine', 'automotive'] },
    ],
    townIndustries: ['healthcare', 'eldercare', 'tourism', 'finance', 'software', 'ecommerce', 'construction', 'food', 'media'],
    industries: {
      aviation: 4,
      marine: 2,
      smart_manufacturing: 4,
      electronics: 3,
      petrochemical: 2,
      biomedicine: 2,
      energy: 1,
      logistics: 1,
      healthcare: 1,
      tourism: 1,
      finance: 1,
      software: 1,
      ecommerce: 1,
      construction: 1,
    },
    regionCodes: ['440404', '440402', '440403', '440100', '441900', '445100'],
    wageLevel: 1.1,
    weight: 3,
    schoolWords: ['金湾', '航空', '城市', '海洋', '港湾'],
  },
  {
    key: 'CZ',
    city: '郴州市',
    district: '北湖区',
    short: '郴州',
    parks: [
      { name: '郴州高新区', industries: ['electronics', 'smart_manufacturing', 'biomedicine', 'software'] },
      { name: '郴州经开区', industries: ['nonferrous', 'logistics', 'petrochemical', 'food'] },
      { name: '郴州有色金属产业园', industries: ['nonferrous', 'smart_manufacturing'] },
    ],
    townIndustries: ['healthcare', 'eldercare', 'tourism', 'finance', 'ecommerce', 'construction', 'agriculture', 'media'],
    industries: {
      nonferrous: 4,
      electronics: 2,
      smart_manufacturing: 2,
      logistics: 2,
      tourism: 2,
      healthcare: 2,
      agriculture: 1,
      construction: 1,
      biomedicine: 1,
      ecommerce: 1,
      eldercare: 1,
      finance: 1,
    },
    regionCodes: ['431002', '431003', '431021', '431081', '430100', '430400'],
    wageLevel: 0.85,
    weight: 2,
    schoolWords: ['湘南', '郴州', '北湖', '林邑', '苏仙'],
  },
  {
    key: 'GZ',
    city: '广州市',
    district: '黄埔区',
    short: '广州',
    parks: [
      { name: '广州开发区', industries: ['automotive', 'petrochemical', 'smart_manufacturing', 'food'] },
      { name: '广州科学城', industries: ['software', 'electronics', 'biomedicine', 'media'] },
      { name: '中新广州知识城', industries: ['electronics', 'biomedicine', 'software'] },
      { name: '黄埔临港经济区', industries: ['logistics', 'ecommerce', 'finance'] },
    ],
    townIndustries: ['healthcare', 'eldercare', 'tourism', 'construction'],
    industries: {
      software: 4,
      electronics: 4,
      biomedicine: 3,
      automotive: 3,
      smart_manufacturing: 2,
      petrochemical: 1,
      logistics: 1,
      finance: 1,
      healthcare: 1,
      media: 1,
      ecommerce: 1,
      construction: 1,
    },
    regionCodes: ['440112', '440106', '440111', '440113', '440100', '441300'],
    wageLevel: 1.3,
    weight: 3,
    schoolWords: ['黄埔', '广州', '科学城', '穗东', '知识城'],
  },
  {
    key: 'JYG',
    city: '嘉峪关市',
    short: '嘉峪关',
    parks: [
      { name: '嘉峪关工业园区', industries: ['steel', 'nonferrous', 'smart_manufacturing', 'petrochemical'] },
      { name: '嘉东工业园', industries: ['steel', 'energy', 'logistics'] },
      { name: '嘉北工业园', industries: ['energy', 'smart_manufacturing', 'construction'] },
    ],
    townIndustries: ['healthcare', 'tourism', 'agriculture', 'finance', 'eldercare'],
    industries: {
      steel: 5,
      energy: 3,
      smart_manufacturing: 2,
      tourism: 2,
      nonferrous: 1,
      agriculture: 1,
      construction: 1,
      healthcare: 1,
      logistics: 1,
    },
    regionCodes: ['620200', '620900', '620700', '620100', '620600'],
    wageLevel: 0.8,
    weight: 1,
    schoolWords: ['酒钢', '雄关', '嘉峪关', '河西'],
  },
  {
    key: 'JH',
    city: '金华市',
    district: '婺城区',
    short: '金华',
    parks: [
      { name: '金华经开区', industries: ['automotive', 'smart_manufacturing', 'electronics', 'biomedicine'] },
      { name: '婺城新城区', industries: ['ecommerce', 'software', 'finance', 'media', 'logistics'] },
      { name: '金西经济开发区', industries: ['logistics', 'food', 'smart_manufacturing'] },
    ],
    townIndustries: ['healthcare', 'eldercare', 'tourism', 'agriculture', 'construction'],
    industries: {
      automotive: 3,
      smart_manufacturing: 2,
      ecommerce: 3,
      logistics: 2,
      electronics: 1,
      tourism: 1,
      eldercare: 1,
      healthcare: 1,
      agriculture: 1,
      software: 1,
      media: 1,
      finance: 1,
      food: 1,
    },
    regionCodes: ['330702', '330703', '330782', '330783', '330100', '330600'],
    wageLevel: 1.0,
    weight: 2,
    schoolWords: ['婺城', '金华', '八咏', '婺州', '金西'],
  },
];

export const PLACE_BY_KEY: ReadonlyMap<PlaceKey, Place> = new Map(PLACES.map((p) => [p.key, p]));
