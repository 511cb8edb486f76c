/**
 * Everyday words HR and students write for what the lexicon and the catalog name formally:
 * 找几个会做直播带货的 means the skill 直播带货 and the majors that teach it, 会看图纸 means a
 * drawing-reading skill, 数控操作工 the 数控 majors. The query parser reads these phrases as
 * intents (echoed in `understood.intents`) and the re-rank scores the skills and majors they
 * stand for as if the query had named them.
 *
 * A phrase that already is a lexicon name or synonym (做账, 电焊) needs an entry only for the
 * majors it stands for (直播带货): the analyzer folds it to its skill. `skills` are lexicon names (canonical or synonym), `majors` catalog major
 * names (every level's major of that name is meant); a test checks both exist.
 */
export interface ColloquialPhrase {
  /** The everyday words, any of which says it (longest matched first). */
  readonly phrases: readonly string[];
  readonly skills?: readonly string[];
  readonly majors?: readonly string[];
  /** Certificates the words stand for (a trade's 作业证 / 等级证书), as the lexicon resolves them. */
  readonly certificates?: readonly string[];
  /**
   * `field`: of `skills`, only those of the field the query's majors are in (机械制图 for a 数控
   * query, 建筑识图 for a 建筑 one); the first when the query names no major or none fits.
   */
  readonly pick?: 'field';
}

export const COLLOQUIAL_PHRASES: readonly ColloquialPhrase[] = [
  { phrases: ['直播带货', '带货', '做直播', '搞直播', '当主播', '主播', '直播卖货'], skills: ['直播带货'], majors: ['直播电商服务', '网络营销与直播电商', '电子商务'] },
  { phrases: ['开网店', '网店', '淘宝店', '做电商', '搞电商'], skills: ['网店运营'], majors: ['电子商务'] },
  { phrases: ['剪视频', '拍视频', '做短视频', '拍抖音', '做抖音'], skills: ['短视频运营'] },
  {
    phrases: ['看图纸', '看懂图纸', '会看图', '看图', '识图', '读图', '识读图纸'],
    skills: ['机械制图', '电气识图', '建筑识图'],
    pick: 'field',
  },
  { phrases: ['数控操作工', '数控操作员', '数控工', '开数控', '开机床', '机床操作工', '车床工'], skills: ['数控加工'], majors: ['数控技术', '数控技术应用'] },
  { phrases: ['开加工中心', '铣床工'], skills: ['加工中心操作'], majors: ['数控技术', '数控技术应用'] },
  { phrases: ['修电脑', '装电脑', '攒电脑'], skills: ['计算机组装与维护'], majors: ['计算机应用技术', '计算机与数码设备维修'] },
  { phrases: ['带孩子', '带小孩', '幼儿园老师', '幼儿老师'], majors: ['学前教育', '幼儿保育'] },
  { phrases: ['管仓库', '仓管', '仓管员'], skills: ['仓储管理'], majors: ['现代物流管理', '物流服务与管理'] },
  { phrases: ['接电话', '回复客户', '售后'], skills: ['客户服务'] },
  // Trade nouns (…工, …员): HR names the trade, meaning its skill, its licence and the majors that train it.
  {
    phrases: ['焊工', '电焊工', '焊接工', '氩弧焊工', '二保焊工', '焊接操作工'],
    skills: ['焊接技术'],
    certificates: ['熔化焊接与热切割作业证'],
    majors: ['智能焊接技术', '焊接技术应用', '船舶智能焊接技术'],
  },
  {
    phrases: ['电工', '维修电工', '水电工', '设备电工', '低压电工'],
    skills: ['电工技术'],
    certificates: ['低压电工作业证'],
    majors: ['电气自动化技术', '电气设备运行与控制'],
  },
  { phrases: ['钳工', '装配钳工', '机修钳工'], skills: ['钳工操作'], majors: ['机械制造及自动化', '机械制造技术'] },
  { phrases: ['车工', '车床操作工'], skills: ['普通车床操作'], majors: ['数控技术', '数控技术应用'] },
  { phrases: ['叉车工', '叉车司机', '开叉车', '叉车'], skills: ['叉车操作'], certificates: ['叉车司机证'], majors: ['现代物流管理', '物流服务与管理'] },
  { phrases: ['育婴员', '育婴师', '月嫂'], certificates: ['育婴员证'], majors: ['婴幼儿托育', '婴幼儿托育服务与管理'] },
  { phrases: ['汽修工', '汽车修理工', '修车师傅'], skills: ['汽车维修'], majors: ['汽车检测与维修技术', '汽车运用与维修'] },
];

/**
 * A repair intent (会修车的, 修空调, 电梯维修): the query wants people who repair a product, so of
 * the majors about that product the repair ones (汽车检测与维修技术) rank above the
 * manufacturing ones (汽车制造与试验技术).
 */
export const REPAIR_INTENT = {
  /** Words that say repairing; 修 alone is too common (进修, 必修, 修改) to count. */
  triggers: ['会修', '能修', '维修', '修理', '检修', '维护', '修车', '修电脑', '修空调', '修手机', '修电梯', '修飞机', '修机器'],
  /** A major whose name has one of these is a repair major. */
  majorWords: ['维修', '检修', '维护', '修复'],
  /**
   * Product words → the words the catalog's major names use for them (车 → 汽车), longest
   * product first when reading a query.
   */
  products: {
    汽车: ['汽车'],
    车: ['汽车'],
    新能源汽车: ['新能源汽车'],
    // Short forms of a qualified product keep the qualifier (新能源车 is no fuel car).
    新能源车: ['新能源汽车'],
    新能源: ['新能源汽车'],
    电动车: ['新能源汽车'],
    电动汽车: ['新能源汽车'],
    电车: ['新能源汽车'],
    电脑: ['计算机'],
    计算机: ['计算机'],
    空调: ['空调', '制冷'],
    冰箱: ['制冷'],
    制冷: ['制冷'],
    手机: ['数码'],
    电梯: ['电梯'],
    飞机: ['飞机', '飞行器', '航空器'],
    发动机: ['发动机'],
    家电: ['电器'],
    电器: ['电器'],
    机车: ['机车'],
    火车: ['机车', '铁道车辆'],
    动车: ['动车组'],
    地铁: ['城市轨道交通车辆'],
    医疗器械: ['医疗器械', '医疗设备'],
    农机: ['农机'],
    机器: ['设备'],
    设备: ['设备'],
    钟表: ['钟表'],
    乐器: ['乐器'],
  } as Readonly<Record<string, readonly string[]>>,
} as const;
