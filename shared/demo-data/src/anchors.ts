import { Post, type Enterprise, type School, type StudentInput } from '@chanjiao/domain';
import { idCheckChar } from './people.js';

/**
 * Anchor records: fixed profiles, the same for every seed, that end-to-end tests and demos can
 * rely on. They come first in every generated dataset (when `anchors` is on) and count towards
 * the requested sizes; only `ANCHOR_MARKET_POSTS` come last, in the places of the last generated
 * posts, so that adding them renumbered no generated post. What they are for:
 *
 * - 金湾 电气/机电 students with PLC skills, 2027届, wanting 顶岗实习 near 金湾联港工业区:
 *   `STU-ANCHOR-ZH-PLC-1` (电气自动化技术, PLC编程 advanced, 低压电工作业证, 电工 中级),
 *   `STU-ANCHOR-ZH-PLC-2` (机电一体化技术; writes its skill as 可编程控制器 and its licence
 *   as 低压电工证, so only synonym-aware matching finds it for a "PLC" post),
 *   `STU-ANCHOR-ZH-PLC-NOCONSENT` (as PLC-1 but `consentToBeFound: false`: HR search must never
 *   return it), `STU-ANCHOR-ZH-PLC-PLACED` (as PLC-1 but `status: placed`).
 * - `STU-ANCHOR-ZH-AERO`: 飞行器维修技术, 2028届, wants an 订单班.
 * - 郴州 nursing students: `STU-ANCHOR-CZ-NURSE-1` (护理 2026届 with 护士执业资格证, wants a job
 *   and to stay local), `STU-ANCHOR-CZ-NURSE-2` (护理 2027届, wants 顶岗实习, no licence yet),
 *   `STU-ANCHOR-CZ-MIDWIFE` (助产 2027届).
 * - Posts: `POST-ANCHOR-PLC-INTERN` (顶岗实习, 2026-autumn, 6 months, accepts 4603/6603,
 *   requires PLC编程 + 电气控制 and the 低压电工作业证), `POST-ANCHOR-PLC-JOB` (job, 2027-spring),
 *   `POST-ANCHOR-AERO-ORDER` (order class 2+1, 2027-autumn, 40 seats), `POST-ANCHOR-NURSE-JOB`
 *   (hospital job requiring the 护士执业资格证), `POST-ANCHOR-NURSE-INTERN` (hospital 顶岗实习).
 * - The anchor student's market (`ANCHOR_MARKET_POSTS`): three more 2026-autumn 顶岗实习 in 珠海
 *   open to 4603/6603 and 2027届, each asking for something `STU-ANCHOR-ZH-PLC-1` lacks (its
 *   field's next skills in the lexicon): `POST-ANCHOR-ROBOT-INTERN` (requires PLC编程 +
 *   工业机器人编程), `POST-ANCHOR-CELL-INTERN` (电气控制 + 工业机器人编程),
 *   `POST-ANCHOR-LINE-INTERN` (PLC编程 + 电气控制 and the 1+X 可编程控制器系统应用编程 certificate,
 *   初级). Without them that student's market was `POST-ANCHOR-PLC-INTERN`, which it fits
 *   completely, and whatever the seed put there (a 1,000-student city has about one generated post
 *   per city, term and kind), so what to learn next was empty for the demo's own student.
 * - Enterprises `ENT-ANCHOR-ZH-MFG` (金湾联港工业区, partner of `SCH-ANCHOR-ZH`),
 *   `ENT-ANCHOR-ZH-AIR` (珠海航空产业园), `ENT-ANCHOR-CZ-HOSP` (a 郴州 hospital, partner of
 *   `SCH-ANCHOR-CZ`); schools `SCH-ANCHOR-ZH` (高职, 金湾) and `SCH-ANCHOR-CZ` (高职 卫生, 郴州).
 */
export const ANCHOR_UPDATED_AT = '2026-03-01T00:00:00.000Z';

const at = ANCHOR_UPDATED_AT;

export const ANCHOR_SCHOOLS: readonly School[] = [
  {
    id: 'SCH-ANCHOR-ZH',
    name: '珠海金湾航空职业技术学院',
    kind: 'higher_vocational',
    levels: ['higher'],
    city: '珠海市',
    district: '金湾区',
    partnerEnterpriseIds: ['ENT-ANCHOR-ZH-AIR', 'ENT-ANCHOR-ZH-MFG'],
    updatedAt: at,
  },
  {
    id: 'SCH-ANCHOR-CZ',
    name: '郴州北湖卫生职业技术学院',
    kind: 'higher_vocational',
    levels: ['higher'],
    city: '郴州市',
    district: '北湖区',
    partnerEnterpriseIds: ['ENT-ANCHOR-CZ-HOSP'],
    updatedAt: at,
  },
];

/** The catalog 类 each anchor school teaches, for the random students who also attend it. */
export const ANCHOR_SCHOOL_CLASSES: Readonly<Record<string, readonly string[]>> = {
  'SCH-ANCHOR-ZH': ['06-03', '06-02', '06-06', '10-04'],
  'SCH-ANCHOR-CZ': ['12-02', '12-05', '12-06', '12-03'],
};

export const ANCHOR_ENTERPRISES: readonly Enterprise[] = [
  {
    id: 'ENT-ANCHOR-ZH-MFG',
    name: '珠海金湾精工智能装备有限公司',
    city: '珠海市',
    park: '金湾联港工业区',
    industry: '智能制造',
    keyEnterprise: true,
    employees: 1200,
    technicalPositions: 400,
    partnerSchoolIds: ['SCH-ANCHOR-ZH'],
    updatedAt: at,
  },
  {
    id: 'ENT-ANCHOR-ZH-AIR',
    name: '珠海翔宇通用航空有限公司',
    city: '珠海市',
    park: '珠海航空产业园',
    industry: '航空航天',
    keyEnterprise: true,
    employees: 800,
    technicalPositions: 300,
    partnerSchoolIds: ['SCH-ANCHOR-ZH'],
    updatedAt: at,
  },
  {
    id: 'ENT-ANCHOR-CZ-HOSP',
    name: '郴州市北湖人民医院',
    city: '郴州市',
    industry: '医疗卫生',
    keyEnterprise: false,
    employees: 1500,
    technicalPositions: 1100,
    partnerSchoolIds: ['SCH-ANCHOR-CZ'],
    updatedAt: at,
  },
];

function postDefaults(): Pick<Post, 'coEnterpriseIds' | 'acceptedLevels' | 'preferredCertificates' | 'requiredCertificates' | 'preferredSkills' | 'status' | 'updatedAt'> {
  return { coEnterpriseIds: [], acceptedLevels: [], preferredCertificates: [], requiredCertificates: [], preferredSkills: [], status: 'open', updatedAt: at };
}

/** Parsed with the shared schema: validated at load, and keys in the schema's order like every generated post. */
export const ANCHOR_POSTS: readonly Post[] = (
  [
    {
      ...postDefaults(),
      id: 'POST-ANCHOR-PLC-INTERN',
      enterpriseId: 'ENT-ANCHOR-ZH-MFG',
      kind: 'internship',
      internshipMode: 'on_post',
      title: '电气自动化顶岗实习生（PLC方向）',
      description:
        '珠海金湾精工智能装备有限公司位于珠海市金湾联港工业区，主要从事自动化产线和工业机器人集成，是当地重点企业。顶岗实习岗位：电气调试实习生，实习期6个月，在师傅指导下参与自动化产线电气控制系统的PLC编程与调试。要求：面向电气自动化技术、机电一体化技术等相关专业；掌握PLC编程、电气控制；熟悉触摸屏组态、变频器调试者优先；持低压电工作业证。实习补贴3000–3800元/月，购买实习责任保险，包住宿。',
      acceptedMajorCodes: ['4603', '6603'],
      acceptedGraduationYears: [2027],
      requiredSkills: ['PLC编程', '电气控制'],
      preferredSkills: ['触摸屏组态', '变频器调试'],
      requiredCertificates: [{ name: '低压电工作业证' }],
      seats: 10,
      term: '2026-autumn',
      city: '珠海市',
      park: '金湾联港工业区',
      salary: { min: 3000, max: 3800 },
      durationMonths: 6,
    },
    {
      ...postDefaults(),
      id: 'POST-ANCHOR-PLC-JOB',
      enterpriseId: 'ENT-ANCHOR-ZH-MFG',
      kind: 'job',
      title: 'PLC电气调试工程师',
      description:
        '珠海金湾精工智能装备有限公司（珠海市金湾联港工业区）专注于自动化产线和工业机器人集成。岗位职责：负责自动化产线电气控制系统的PLC编程与调试、现场联调和客户培训。任职要求：面向电气自动化技术、机电一体化技术等相关专业；掌握PLC编程、电气控制；熟悉西门子PLC、工业机器人编程者优先；持电工职业技能等级证书（中级）者优先。薪资5500–8000元/月，缴纳五险一金，提供员工宿舍和工作餐。',
      acceptedMajorCodes: ['4603', '2603'],
      acceptedLevels: ['higher', 'bachelor'],
      acceptedGraduationYears: [2026, 2027],
      requiredSkills: ['PLC编程', '电气控制'],
      preferredSkills: ['西门子PLC', '工业机器人编程'],
      preferredCertificates: [{ name: '电工职业技能等级证书', minLevel: 'intermediate' }],
      seats: 5,
      term: '2027-spring',
      city: '珠海市',
      park: '金湾联港工业区',
      salary: { min: 5500, max: 8000 },
    },
    {
      ...postDefaults(),
      id: 'POST-ANCHOR-AERO-ORDER',
      enterpriseId: 'ENT-ANCHOR-ZH-AIR',
      kind: 'order_class',
      title: '翔宇通航飞机维修订单班',
      description:
        '珠海翔宇通用航空有限公司位于珠海市珠海航空产业园，主要从事通用飞机制造、航空器维修和无人机研发。本订单班共40个名额，采用“2+1”培养模式，实行“招生即招工、入校即入厂、毕业即上岗”，培养方向：飞机维修技术员（飞机机体、系统的定检与排故）。要求：面向飞行器维修技术、飞机机电设备维修等相关专业；掌握飞机维修；熟悉航空发动机维修者优先。企业设立冠名奖学金，毕业后直接入职。',
      acceptedMajorCodes: ['4606', '5004'],
      acceptedLevels: ['higher'],
      acceptedGraduationYears: [2028, 2029],
      requiredSkills: ['飞机维修'],
      preferredSkills: ['航空发动机维修'],
      seats: 40,
      term: '2027-autumn',
      city: '珠海市',
      park: '珠海航空产业园',
      durationMonths: 12,
      trainingMode: '2+1',
    },
    {
      ...postDefaults(),
      id: 'POST-ANCHOR-NURSE-JOB',
      enterpriseId: 'ENT-ANCHOR-CZ-HOSP',
      kind: 'job',
      title: '临床护士',
      description:
        '郴州市北湖人民医院是郴州市的综合医疗机构，现有员工1500人。岗位职责：负责病区基础护理、输液与病情观察。任职要求：面向护理、助产等相关专业；掌握基础护理、静脉输液；熟悉重症监护者优先；持护士执业资格证。薪资4000–6000元/月，缴纳五险一金，提供员工宿舍和工作餐。',
      acceptedMajorCodes: ['520201', '720201', '320201', '520202'],
      acceptedGraduationYears: [2026, 2027],
      requiredSkills: ['基础护理', '静脉输液'],
      preferredSkills: ['重症监护'],
      requiredCertificates: [{ name: '护士执业资格证' }],
      seats: 20,
      term: '2027-spring',
      city: '郴州市',
      salary: { min: 4000, max: 6000 },
    },
    {
      ...postDefaults(),
      id: 'POST-ANCHOR-NURSE-INTERN',
      enterpriseId: 'ENT-ANCHOR-CZ-HOSP',
      kind: 'internship',
      internshipMode: 'on_post',
      title: '护理顶岗实习',
      description:
        '郴州市北湖人民医院（郴州市）专注于综合医疗、专科诊疗与康复服务。顶岗实习岗位：护理实习生，实习期8个月，在带教老师指导下参与病区基础护理、输液与病情观察。要求：面向护理、助产等相关专业；掌握基础护理。实习补贴1500–2000元/月，包住宿。',
      acceptedMajorCodes: ['5202', '7202'],
      acceptedGraduationYears: [2027],
      requiredSkills: ['基础护理'],
      preferredSkills: ['静脉输液', '母婴护理'],
      seats: 30,
      term: '2026-autumn',
      city: '郴州市',
      salary: { min: 1500, max: 2000 },
      durationMonths: 8,
    },
  ] satisfies Post[]
).map((p) => Post.parse(p));

/**
 * The anchor student's market: posts of its kind, city, term, field and year that each ask for a
 * skill or certificate it lacks, so the student journey (recommendations beyond one perfect post,
 * what to learn next) does not depend on what a seed happens to generate. Ordinary posts: the
 * engine judges them like any other, nothing here names an answer.
 */
export const ANCHOR_MARKET_POSTS: readonly Post[] = (
  [
    {
      ...postDefaults(),
      id: 'POST-ANCHOR-ROBOT-INTERN',
      enterpriseId: 'ENT-ANCHOR-ZH-MFG',
      kind: 'internship',
      internshipMode: 'on_post',
      title: '工业机器人运维顶岗实习生',
      description:
        '珠海金湾精工智能装备有限公司位于珠海市金湾联港工业区，主要从事自动化产线和工业机器人集成。顶岗实习岗位：工业机器人运维实习生，实习期6个月，在师傅指导下参与机器人工作站的示教编程、PLC联调与日常维护。要求：面向电气自动化技术、工业机器人技术等自动化类专业；掌握PLC编程、工业机器人编程；熟悉工业机器人操作与维护、触摸屏组态者优先；持工业机器人操作与运维职业技能等级证书者优先。实习补贴3200–3800元/月，包住宿。',
      acceptedMajorCodes: ['4603', '6603'],
      acceptedGraduationYears: [2027],
      requiredSkills: ['PLC编程', '工业机器人编程'],
      preferredSkills: ['工业机器人操作与维护', '触摸屏组态'],
      preferredCertificates: [{ name: '工业机器人操作与运维职业技能等级证书', minLevel: 'junior' }],
      seats: 8,
      term: '2026-autumn',
      city: '珠海市',
      park: '金湾联港工业区',
      salary: { min: 3200, max: 3800 },
      durationMonths: 6,
    },
    {
      ...postDefaults(),
      id: 'POST-ANCHOR-CELL-INTERN',
      enterpriseId: 'ENT-ANCHOR-ZH-AIR',
      kind: 'internship',
      internshipMode: 'on_post',
      title: '飞机部件自动钻铆工作站电气顶岗实习生',
      description:
        '珠海翔宇通用航空有限公司位于珠海市珠海航空产业园，主要从事通用飞机制造、航空器维修和无人机研发。顶岗实习岗位：自动钻铆工作站电气实习生，实习期6个月，参与机器人钻铆工作站的电气控制、机器人程序调试与点检。要求：面向电气自动化技术、工业机器人技术等自动化类专业；掌握电气控制、工业机器人编程；熟悉传感器应用者优先。实习补贴3000–3600元/月，提供工作餐。',
      acceptedMajorCodes: ['4603', '6603'],
      acceptedGraduationYears: [2027],
      requiredSkills: ['电气控制', '工业机器人编程'],
      preferredSkills: ['传感器应用'],
      seats: 4,
      term: '2026-autumn',
      city: '珠海市',
      park: '珠海航空产业园',
      salary: { min: 3000, max: 3600 },
      durationMonths: 6,
    },
    {
      ...postDefaults(),
      id: 'POST-ANCHOR-LINE-INTERN',
      enterpriseId: 'ENT-ANCHOR-ZH-MFG',
      kind: 'internship',
      internshipMode: 'on_post',
      title: '智能产线PLC编程顶岗实习生',
      description:
        '珠海金湾精工智能装备有限公司（珠海市金湾联港工业区）专注于自动化产线和工业机器人集成。顶岗实习岗位：产线PLC编程实习生，实习期6个月，参与新产线的PLC程序编写、电气控制调试与工业网络组网。要求：面向电气自动化技术、机电一体化技术等自动化类专业；掌握PLC编程、电气控制；熟悉工业网络通信者优先；持可编程控制器系统应用编程职业技能等级证书（初级及以上）。实习补贴3000–3600元/月，包住宿。',
      acceptedMajorCodes: ['4603', '6603'],
      acceptedGraduationYears: [2027],
      requiredSkills: ['PLC编程', '电气控制'],
      preferredSkills: ['工业网络通信'],
      requiredCertificates: [{ name: '可编程控制器系统应用编程职业技能等级证书', minLevel: 'junior' }],
      seats: 6,
      term: '2026-autumn',
      city: '珠海市',
      park: '金湾联港工业区',
      salary: { min: 3000, max: 3600 },
      durationMonths: 6,
    },
  ] satisfies Post[]
).map((p) => Post.parse(p));

function anchorId(region: string, birth: string, seq: string): string {
  const first17 = region + birth + seq;
  return first17 + idCheckChar(first17);
}

const PLC_1: StudentInput = {
  id: 'STU-ANCHOR-ZH-PLC-1',
  schoolId: 'SCH-ANCHOR-ZH',
  majorCode: '460306',
  level: 'higher',
  graduationYear: 2027,
  skills: [
    { name: 'PLC编程', level: 'advanced' },
    { name: '电气控制', level: 'advanced' },
    { name: '触摸屏组态', level: 'intermediate' },
    { name: '变频器调试', level: 'intermediate' },
  ],
  certificates: [{ name: '低压电工作业证' }, { name: '电工职业技能等级证书', level: 'intermediate' }],
  preferences: { postKinds: ['internship'], cities: ['珠海市'], parks: ['金湾联港工业区'], industries: ['智能制造'], stayLocal: true },
  availability: { from: '2026-09', months: 6 },
  selfIntroduction:
    '我是珠海金湾航空职业技术学院电气自动化技术专业2027届高职学生。熟练掌握PLC编程和电气控制，能够独立完成自动化产线的接线与调试，熟悉触摸屏组态和变频器调试。已取得低压电工作业证和电工职业技能等级证书（中级）。曾获省职业院校技能大赛现代电气控制系统安装与调试赛项二等奖。希望找到一份顶岗实习岗位，最好在金湾联港工业区，毕业后打算留在珠海市工作。',
  consentToBeFound: true,
  status: 'seeking',
  updatedAt: at,
  personal: { name: '陈志强', phone: '13800000001', idNumber: anchorId('440404', '20050312', '031') },
};

export const ANCHOR_STUDENTS: readonly StudentInput[] = [
  PLC_1,
  {
    id: 'STU-ANCHOR-ZH-PLC-2',
    schoolId: 'SCH-ANCHOR-ZH',
    majorCode: '460301',
    level: 'higher',
    graduationYear: 2027,
    skills: [
      { name: '可编程控制器', level: 'intermediate' },
      { name: '机电设备安装调试', level: 'intermediate' },
      { name: '液压与气动', level: 'basic' },
    ],
    certificates: [{ name: '低压电工证' }],
    preferences: { postKinds: ['internship', 'job'], cities: ['珠海市'], parks: [], industries: ['智能制造'], stayLocal: true },
    availability: { from: '2026-09', months: 8 },
    selfIntroduction:
      '就读于珠海金湾航空职业技术学院，主修机电一体化技术，2027届。在校期间系统学习了可编程控制器、机电设备安装调试和液压与气动等课程。持有低压电工证。做事认真细致，服从安排，能适应倒班。希望到企业跟岗或顶岗实习，愿意留在珠海市发展。',
    consentToBeFound: true,
    status: 'seeking',
    updatedAt: at,
    personal: { name: '李慧敏', phone: '13800000002', idNumber: anchorId('440404', '20050721', '042') },
  },
  {
    ...PLC_1,
    id: 'STU-ANCHOR-ZH-PLC-NOCONSENT',
    consentToBeFound: false,
    personal: { name: '王浩然', phone: '13800000003', idNumber: anchorId('440402', '20041130', '015') },
  },
  {
    ...PLC_1,
    id: 'STU-ANCHOR-ZH-PLC-PLACED',
    status: 'placed',
    personal: { name: '赵俊杰', phone: '13800000004', idNumber: anchorId('440403', '20050105', '057') },
  },
  {
    id: 'STU-ANCHOR-ZH-AERO',
    schoolId: 'SCH-ANCHOR-ZH',
    majorCode: '460607',
    level: 'higher',
    graduationYear: 2028,
    skills: [
      { name: '飞机维修', level: 'basic' },
      { name: '航空发动机维修', level: 'basic' },
      { name: '机械制图', level: 'intermediate' },
    ],
    certificates: [{ name: '全国计算机等级考试证书', level: 'junior' }],
    preferences: { postKinds: ['order_class'], cities: ['珠海市'], parks: ['珠海航空产业园'], industries: ['航空航天'], stayLocal: true },
    availability: { from: '2027-09', months: 12 },
    selfIntroduction:
      '本人是飞行器维修技术专业的高职学生，来自珠海金湾航空职业技术学院。熟悉飞机维修，了解航空发动机维修，动手能力较强。有意报名订单班或冠名班，最好在珠海航空产业园，愿意留在珠海市发展。',
    consentToBeFound: true,
    status: 'seeking',
    updatedAt: at,
    personal: { name: '黄宇航', phone: '13800000005', idNumber: anchorId('440404', '20060418', '073') },
  },
  {
    id: 'STU-ANCHOR-CZ-NURSE-1',
    schoolId: 'SCH-ANCHOR-CZ',
    majorCode: '520201',
    level: 'higher',
    graduationYear: 2026,
    skills: [
      { name: '基础护理', level: 'advanced' },
      { name: '静脉输液', level: 'advanced' },
      { name: '重症监护', level: 'basic' },
    ],
    certificates: [{ name: '护士执业资格证' }, { name: '普通话水平测试等级证书' }],
    preferences: { postKinds: ['job'], cities: ['郴州市'], parks: [], industries: ['医疗卫生'], stayLocal: true },
    availability: { from: '2026-07' },
    selfIntroduction:
      '我是郴州北湖卫生职业技术学院护理专业2026届高职学生。熟练掌握基础护理和静脉输液，在医院完成了8个月的顶岗实习，了解重症监护。已取得护士执业资格证。性格开朗，责任心强，吃苦耐劳。正在寻找正式就业岗位，毕业后打算留在郴州市工作。',
    consentToBeFound: true,
    status: 'seeking',
    updatedAt: at,
    personal: { name: '刘婷', phone: '13800000006', idNumber: anchorId('431002', '20040923', '086') },
  },
  {
    id: 'STU-ANCHOR-CZ-NURSE-2',
    schoolId: 'SCH-ANCHOR-CZ',
    majorCode: '520201',
    level: 'higher',
    graduationYear: 2027,
    skills: [
      { name: '基础护理', level: 'intermediate' },
      { name: '静脉输液', level: 'intermediate' },
      { name: '母婴护理', level: 'basic' },
    ],
    certificates: [{ name: '母婴护理职业技能等级证书', level: 'junior' }],
    preferences: { postKinds: ['internship'], cities: ['郴州市'], parks: [], industries: ['医疗卫生'], stayLocal: true },
    availability: { from: '2026-07', months: 8 },
    selfIntroduction:
      '郴州北湖卫生职业技术学院护理专业在读，2027年毕业。在校期间系统学习了基础护理、静脉输液和母婴护理等课程。已取得母婴护理职业技能等级证书。做事认真细致，服从安排，能适应倒班。希望找到一份顶岗实习岗位，愿意留在郴州市发展。',
    consentToBeFound: true,
    status: 'seeking',
    updatedAt: at,
    personal: { name: '周雨萱', phone: '13800000007', idNumber: anchorId('431003', '20050601', '028') },
  },
  {
    id: 'STU-ANCHOR-CZ-MIDWIFE',
    schoolId: 'SCH-ANCHOR-CZ',
    majorCode: '520202',
    level: 'higher',
    graduationYear: 2027,
    skills: [
      { name: '母婴护理', level: 'intermediate' },
      { name: '助产技术', level: 'basic' },
      { name: '基础护理', level: 'intermediate' },
    ],
    certificates: [],
    preferences: { postKinds: ['internship'], cities: ['郴州市'], parks: [], industries: ['医疗卫生'], stayLocal: false },
    availability: { from: '2026-09', months: 8 },
    selfIntroduction:
      '就读于郴州北湖卫生职业技术学院，主修助产，2027届。熟悉母婴护理，了解助产技术，动手能力较强。计划在毕业前考取本专业的职业技能等级证书。希望到企业跟岗或顶岗实习。',
    consentToBeFound: true,
    status: 'seeking',
    updatedAt: at,
    personal: { name: '谢佳怡', phone: '13800000008', idNumber: anchorId('431021', '20050214', '064') },
  },
];
