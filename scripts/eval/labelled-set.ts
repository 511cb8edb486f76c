/**
 * The search evaluation's labelled set, written by hand. The corpus is fixed: the demo-data
 * generator with {@link CORPUS}. Three kinds of query:
 *
 * - HR free-text queries, each with the intent a recruiter means by it (majors, skills,
 *   certificates). Relevance of a student is graded from that intent with the rules in
 *   `judge.ts` (catalog closeness, lexicon skills), never from what the system returns;
 * - posts (→ candidates) and students (→ recommended posts), picked from the corpus by id, judged
 *   pair by pair with the domain's hard rules and closeness (again `judge.ts`).
 */

export const CORPUS = { seed: 20260301, students: 2000, posts: 200 } as const;

export interface HrQuery {
  readonly id: string;
  readonly text: string;
  /** 专业 codes meant (matched on any level). */
  readonly majors?: readonly string[];
  /** 类 prefixes meant (matched on any level). */
  readonly classes?: readonly string[];
  /** Lexicon skills meant (synonyms and more specific skills count). */
  readonly skills?: readonly string[];
  /** Lexicon certificates meant. */
  readonly certificates?: readonly string[];
}

export const HR_QUERIES: readonly HrQuery[] = [
  { id: 'hr-plc', text: 'PLC编程 电气控制 电气自动化', majors: ['460306'], skills: ['PLC编程', '电气控制'] },
  { id: 'hr-plc-hmi', text: '会西门子PLC和触摸屏的自动化专业学生', classes: ['4603'], skills: ['PLC编程', '触摸屏组态'] },
  { id: 'hr-nurse', text: '护理专业 有护士资格证', majors: ['520201'], certificates: ['护士执业资格证'] },
  { id: 'hr-coldchain', text: '冷链物流 仓储管理', majors: ['530805'], skills: ['冷链物流', '仓储管理'] },
  { id: 'hr-hotel', text: '酒店前台 客房服务 酒店管理', majors: ['540106'], skills: ['酒店前厅服务', '客房服务'] },
  { id: 'hr-software', text: 'Python Java 软件开发', classes: ['5102'], skills: ['Python', 'Java'] },
  { id: 'hr-embedded', text: '嵌入式 单片机 C语言', majors: ['510210'], skills: ['嵌入式开发', '单片机应用', 'C语言'] },
  { id: 'hr-robot', text: '工业机器人编程与运维', classes: ['4603'], skills: ['工业机器人编程', '工业机器人操作与维护'] },
  { id: 'hr-cnc', text: '数控车床 加工中心操作 机械加工', majors: ['660102'], skills: ['数控加工', '加工中心操作'] },
  { id: 'hr-accounting', text: '会计核算 大数据与会计', majors: ['530302'], skills: ['会计核算'] },
  { id: 'hr-pharma', text: '药物制剂 GMP 生物制药', majors: ['490202', '490203'], skills: ['药物制剂', 'GMP'] },
  { id: 'hr-lab', text: '医学检验 血液检验', majors: ['520501'], skills: ['医学检验', '血液检验'] },
  { id: 'hr-guide', text: '导游讲解 旅游线路设计', majors: ['740101'], skills: ['导游讲解', '旅游线路设计'] },
  { id: 'hr-drone', text: '无人机操控', majors: ['260604'], skills: ['无人机操控'] },
  { id: 'hr-aircraft', text: '飞机维修 航空装备', classes: ['4606'], skills: ['飞机维修'] },
  { id: 'hr-ecommerce', text: '跨境电商运营', classes: ['5307'], skills: ['跨境电商运营'] },
  { id: 'hr-chip', text: '集成电路 微电子 PCB设计', majors: ['510401', '510402'], skills: ['PCB设计'] },
  { id: 'hr-quality', text: '产品质量检测 三坐标测量', majors: ['660109'], skills: ['三坐标测量', '质量管理'] },
  { id: 'hr-midwife', text: '助产专业', majors: ['520202'] },
  { id: 'hr-electrician', text: '持有电工证的学生', certificates: ['低压电工作业证'] },
  { id: 'hr-network', text: '网络搭建与运维 Linux', skills: ['网络搭建与运维', 'Linux系统管理'] },
  { id: 'hr-tea', text: '茶艺与茶文化', majors: ['540109'] },
];

/**
 * Posts searched for candidates: the anchors and a spread over kinds (job, both internships,
 * order class, apprenticeship, project class), fields and cities, each with relevant students.
 */
export const POST_QUERIES: readonly string[] = [
  'POST-ANCHOR-PLC-INTERN',
  'POST-ANCHOR-PLC-JOB',
  'POST-ANCHOR-AERO-ORDER',
  'POST-ANCHOR-NURSE-JOB',
  'POST-ANCHOR-NURSE-INTERN',
  'POST-000008',
  'POST-000010',
  'POST-000011',
  'POST-000016',
  'POST-000018',
  'POST-000024',
  'POST-000025',
  'POST-000028',
  'POST-000034',
  'POST-000038',
  'POST-000047',
  'POST-000048',
  'POST-000055',
  'POST-000066',
  'POST-000074',
  'POST-000084',
  'POST-000087',
];

/**
 * Students who get recommendations: every 37th student from the 13th, in corpus order; the
 * evaluation keeps the first 15 of them that have something relevant in the corpus.
 */
export const STUDENT_QUERY_COUNT = 15;
export function studentQueryIds(allIds: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 13; i < allIds.length; i += 37) out.push(allIds[i]!);
  return out;
}
