import type { PostKind } from '@chanjiao/domain';
import type { Random } from './random.js';

/**
 * Chinese free text for profiles and posts: sentences drawn from varied templates and shuffled,
 * so the semantic side of search sees realistic, non-identical prose. Personal data never
 * appears here: the self-introduction is searchable, the name is not.
 */

const LEVEL_WORDS: Readonly<Record<string, string>> = { secondary: '中职', higher: '高职', bachelor: '职业本科' };

export interface IntroContext {
  readonly school: string;
  readonly major: string;
  readonly level: string;
  readonly graduationYear: number;
  readonly skills: readonly string[];
  readonly certificates: readonly string[];
  readonly city: string;
  readonly parks: readonly string[];
  readonly industries: readonly string[];
  readonly postKinds: readonly PostKind[];
  readonly stayLocal: boolean;
}

const COMPETITIONS = ['全国职业院校技能大赛', '省职业院校技能大赛', '市职业技能大赛', '世界技能大赛省选拔赛', '“挑战杯”创新创业大赛', '校级技能节'];
const PRIZES = ['一等奖', '二等奖', '三等奖', '优秀奖'];
const TRAITS = [
  '性格开朗，责任心强，吃苦耐劳。',
  '做事认真细致，服从安排，能适应倒班。',
  '学习能力强，善于沟通，有团队合作精神。',
  '动手能力强，喜欢钻研技术问题。',
  '踏实肯干，遵守纪律，身体健康。',
  '担任过班干部，组织协调能力较好。',
  '有较强的安全意识和规范操作意识。',
];

function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join('、')}和${items[items.length - 1]}`;
}

export function selfIntroduction(random: Random, c: IntroContext): string {
  const levelWord = LEVEL_WORDS[c.level] ?? '';
  const opening = random.pick([
    `我是${c.school}${c.major}专业${c.graduationYear}届${levelWord}学生。`,
    `${c.school}${c.major}专业在读，${c.graduationYear}年毕业。`,
    `就读于${c.school}，主修${c.major}，${c.graduationYear}届。`,
    `本人是${c.major}专业的${levelWord}学生，来自${c.school}。`,
  ]);
  const [s1, s2, s3] = c.skills;
  const body: string[] = [];
  if (s1) {
    body.push(
      random.pick([
        `熟练掌握${joinList(c.skills.slice(0, 2))}，能够独立完成相关实训项目。`,
        `在校期间系统学习了${joinList(c.skills.slice(0, 3))}等课程。`,
        `熟悉${s1}${s2 ? `，了解${s2}` : ''}，动手能力较强。`,
        `专业技能方面：${c.skills.slice(0, 4).join('、')}。`,
        `擅长${s1}${s3 ? `，也做过${s3}方面的练习` : ''}。`,
      ]),
    );
  }
  if (c.certificates.length > 0) {
    body.push(
      random.pick([
        `已取得${joinList(c.certificates.slice(0, 2))}。`,
        `持有${c.certificates[0]}${c.certificates[1] ? `，并考取了${c.certificates[1]}` : ''}。`,
        `证书：${c.certificates.join('、')}。`,
      ]),
    );
  } else if (random.chance(0.4)) {
    body.push(random.pick(['正在备考相关职业技能等级证书。', '计划在毕业前考取本专业的职业技能等级证书。']));
  }
  if (random.chance(0.35)) {
    body.push(`曾获${random.pick(COMPETITIONS)}${s1 ? `${s1}相关赛项` : ''}${random.pick(PRIZES)}。`);
  }
  if (random.chance(0.4)) {
    body.push(
      random.pick([
        `在校内实训基地完成过${s2 ?? s1 ?? '专业'}综合实训。`,
        `参加过${random.int(2, 6)}周的企业认识实习。`,
        `寒暑假在${c.industries[0] ?? '本地'}企业做过兼职。`,
      ]),
    );
  }
  body.push(random.pick(TRAITS));

  const wants: string[] = [];
  const kind = c.postKinds[0];
  if (kind === 'internship') wants.push(random.pick(['希望找到一份顶岗实习岗位', '希望到企业跟岗或顶岗实习', '想找专业对口的实习']));
  else if (kind === 'order_class') wants.push(random.pick(['希望加入企业订单班，毕业即上岗', '有意报名订单班或冠名班']));
  else if (kind === 'apprenticeship') wants.push(random.pick(['希望参加现代学徒制培养', '愿意以学徒身份在企业边学边干']));
  else if (kind === 'project_class') wants.push('希望参加企业项目班提升实践能力');
  else if (kind === 'job') wants.push(random.pick(['希望毕业后从事专业对口的工作', '正在寻找正式就业岗位']));
  if (c.parks[0]) wants.push(`最好在${c.parks[0]}`);
  else if (c.industries[0]) wants.push(`意向行业为${c.industries[0]}`);
  if (c.stayLocal) wants.push(random.pick([`愿意留在${c.city}发展`, `毕业后打算留在${c.city}工作`]));
  const closing = wants.length > 0 ? `${wants.join('，')}。` : '';

  return opening + random.shuffle(body).join('') + closing;
}

export interface PostContext {
  readonly kind: PostKind;
  readonly internshipMode?: 'shadow' | 'on_post';
  readonly enterprise: string;
  readonly business: string;
  readonly park?: string;
  readonly city: string;
  readonly keyEnterprise: boolean;
  readonly employees?: number;
  readonly role: string;
  readonly duty: string;
  readonly majors: readonly string[];
  readonly requiredSkills: readonly string[];
  readonly preferredSkills: readonly string[];
  readonly certificates: readonly string[];
  readonly seats: number;
  readonly durationMonths?: number;
  readonly trainingMode?: string;
  readonly salary?: { min: number; max: number };
}

export function postDescription(random: Random, c: PostContext): string {
  const where = c.park ? `${c.city}${c.park}` : c.city;
  const intro = random.pick([
    `${c.enterprise}位于${where}，主要从事${c.business}${c.keyEnterprise ? '，是当地重点企业' : ''}${c.employees ? `，现有员工${c.employees}人` : ''}。`,
    `公司简介：${c.enterprise}是${where}的${c.business}企业${c.keyEnterprise ? '（重点企业名录）' : ''}。`,
    `${c.enterprise}（${where}）专注于${c.business}。`,
  ]);
  const majors = c.majors.length > 0 ? `${c.majors.slice(0, 4).join('、')}等相关专业` : '专业不限';
  const req: string[] = [`面向${majors}`];
  if (c.requiredSkills.length > 0) req.push(`掌握${c.requiredSkills.join('、')}`);
  if (c.preferredSkills.length > 0) req.push(`熟悉${c.preferredSkills.join('、')}者优先`);
  if (c.certificates.length > 0) req.push(`持${c.certificates.join('或')}`);
  const requirements = `${random.pick(['任职要求：', '招收要求：', '要求：'])}${req.join('；')}。`;
  const salary = c.salary ? `${c.salary.min}–${c.salary.max}元/月` : undefined;

  let body: string;
  switch (c.kind) {
    case 'job':
      body = `岗位职责：负责${c.duty}。${requirements}${
        salary ? `薪资${salary}，` : ''
      }${random.pick(['缴纳五险一金，提供员工宿舍和工作餐。', '五险一金，年终奖，带薪年假。', '包食宿，享受倒班补贴和技能津贴。'])}`;
      break;
    case 'internship': {
      const mode = c.internshipMode === 'shadow' ? '跟岗实习' : '顶岗实习';
      body = `${mode}岗位：${c.role}，实习期${c.durationMonths ?? 6}个月，在师傅指导下参与${c.duty}。${requirements}${
        salary ? `实习补贴${salary}，` : ''
      }${random.pick(['购买实习责任保险，包住宿。', '实习表现优秀者毕业后可优先录用。', '提供工作餐和通勤班车。'])}`;
      break;
    }
    case 'order_class':
      body = `本订单班共${c.seats}个名额，采用“${c.trainingMode ?? '2+1'}”培养模式，实行“招生即招工、入校即入厂、毕业即上岗”，培养方向：${c.role}（${c.duty}）。${requirements}企业设立冠名奖学金，毕业后直接入职${salary ? `，起薪${salary}` : ''}。`;
      break;
    case 'apprenticeship':
      body = `现代学徒制${c.role}班招收${c.seats}名学徒，“招工即招生、入厂即入校、校企双师联合培养”，采用${c.trainingMode ?? '工学交替'}方式，学习期${c.durationMonths ?? 24}个月，由企业师傅带教${c.duty}。${requirements}${salary ? `学徒期间发放岗位工资${salary}。` : ''}`;
      break;
    case 'project_class':
      body = `项目班围绕企业真实项目开展${c.durationMonths ?? 4}个月的集中培训，内容为${c.duty}，共${c.seats}个名额。${requirements}结业考核合格者颁发项目证书并推荐就业。`;
      break;
  }
  return intro + body;
}
